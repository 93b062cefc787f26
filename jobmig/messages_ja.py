"""Japanese for the per-instance finding messages (see :mod:`jobmig.messages`).

Keys are the English templates exactly as the code passes them to
:func:`jobmig.messages.msg`; each value uses the same placeholders (a test checks
both). Codes, paths, names, cron text and AWS identifiers stay as they are.
"""

MESSAGES_JA: dict[str, str] = {
    # -- general: input walk, reading, decoding ------------------------------------
    "no --timezone given: schedules were read as UTC":
        "--timezone が指定されていないため、スケジュールを UTC として読みました",
    "decision to accept {code} for job {job} matches nothing: {why}":
        "ジョブ {job} の {code} を受け入れる判断に一致する指摘がありません: {why}",
    "state machine {name}: {message}": "ステートマシン {name}: {message}",
    "version control or tool folder": "バージョン管理またはツールのフォルダー",
    "hidden folder": "隠しフォルダー",
    "Jenkins build records and workspace of the job": "Jenkins のビルド記録とジョブのワークスペース",
    "output of an earlier jobmig run": "以前の jobmig 実行の出力",
    "not a crontab, Jenkins or JP1 file; skipped":
        "crontab、Jenkins、JP1 のいずれのファイルでもないため、スキップしました",
    "not a regular file (device, pipe or socket): not read":
        "通常のファイルではない (デバイス、パイプまたはソケット) ため、読み込んでいません",
    "symbolic link back to {path}, a folder that contains it: not followed":
        "自身を含むフォルダー {path} へのシンボリックリンクのため、たどっていません",
    "{reason}: symbolic link to {target}, not followed":
        "{reason}: {target} へのシンボリックリンクのため、たどっていません",
    "{reason}: {count} file(s) not read": "{reason}: {count} 個のファイルを読み込んでいません",
    "symbolic link to a folder already read as {first}: not read twice":
        "{first} として読み込み済みのフォルダーへのシンボリックリンクのため、二重には読み込んでいません",
    "cannot read: {value}": "読み込めません: {value}",
    "could not be read as {fmt}: {error_type}: {error}":
        "{fmt} として読み込めませんでした: {error_type}: {error}",
    "broken symbolic link to {path}": "{path} へのシンボリックリンクが切れています",
    "symbolic link to a file already read as {first}: not read twice":
        "{first} として読み込み済みのファイルへのシンボリックリンクのため、二重には読み込んでいません",
    "the output folder {shown} is inside this input; it is never read as input":
        "出力フォルダー {shown} がこの入力の中にあります。入力としては読み込みません",
    "folder cannot be listed: {value}": "フォルダーの一覧を取得できません: {value}",
    "symbolic link to {path}, outside the input; read all the same":
        "入力の外にある {path} へのシンボリックリンクですが、そのまま読み込みました",
    "folder holds no files": "フォルダーにファイルがありません",
    "cannot be decoded as {tried}; give --encoding":
        "{tried} としてデコードできません。--encoding を指定してください",
    "not valid {value}: {count} undecodable byte(s) replaced by U+FFFD; the lines holding them "
    "are flagged":
        "{value} として不正です: デコードできない {count} バイトを U+FFFD に置き換え、該当する行に"
        "印を付けました",
    "binary data, not a text export": "テキストのエクスポートではなくバイナリデータです",
    "not valid UTF-8; read as {candidate}": "UTF-8 として不正なため、{candidate} として読みました",
    "not valid {value}; undecodable bytes were replaced":
        "{value} として不正なため、デコードできないバイトを置き換えました",
    "{value} in the command of {name}": "{name} のコマンドに {value} があります",
    "{kinds} in the job definition (redacted in reports)":
        "ジョブ定義に {kinds} があります (レポートでは伏せ字にしています)",
    "job id {id!r} is defined twice; the later definition ({source}) was ignored":
        "ジョブ ID {id!r} が 2 回定義されています。後の定義 ({source}) は無視しました",
    "dependency {predecessor} → {successor} names {join}, which is not in the export":
        "依存関係 {predecessor} → {successor} が指す {join} はエクスポートにありません",
    "{successor} {what} {join}, which is not in the export; no rule was built for it":
        "{successor} が{what}先の {join} はエクスポートにないため、ルールを作成していません",
    "waits for": "待つ",
    "is connected to": "接続する",
    "unit path {value} is also defined by another input; this one is kept as {new}":
        "ユニットパス {value} は別の入力でも定義されています。こちらは {new} として残しました",
    "{name} needs manual work, so the triggers that start it ({parts}) are created DISABLED; "
    "enable them once it is converted":
        "{name} は手作業が必要なため、起動するトリガー ({parts}) は DISABLED で作成しています。"
        "変換が済んだら有効にしてください",
    "{name}: its {count} schedule(s) are not created; the status-change rule of its wait starts "
    "it (it keeps its calendar check)":
        "{name}: {count} 個のスケジュールは作成していません。待ち合わせの状態変化ルールが起動します"
        " (カレンダーの確認は残します)",
    "{more} more {code} in this file from here on (only the first {limit} are listed one by "
    "one; fix those and convert again)":
        "このファイルでは以降にさらに {more} 件の {code} があります (個別に示すのは最初の {limit} "
        "件のみです。それらを直してから再度変換してください)",
    "internal error while reading the file ({error_type}: {exc}); please report it with the "
    "file":
        "ファイルの読み込み中に内部エラーが発生しました ({error_type}: {exc})。ファイルを添えて"
        "報告してください",
    # -- AWS limits --------------------------------------------------------------------
    "state machine {name}: its execution role would need {permissions:,} characters of policy, "
    "over the 10,240 IAM allows, so {count} resource patterns end in * on a name prefix (first: "
    "{value})":
        "ステートマシン {name}: 実行ロールのポリシーが {permissions:,} 文字になり IAM の上限 "
        "10,240 を超えるため、{count} 個のリソースパターンを名前の接頭辞と * にまとめました "
        "(先頭: {value})",
    "{count} state machines report failures to the {NOTIFY_TARGET} topic, or, left empty, to a "
    "topic the stack creates with a policy that lets events.amazonaws.com sns:Publish for these "
    "rules; a topic of your own needs that policy, else the notices are dropped":
        "{count} 個のステートマシンは失敗を {NOTIFY_TARGET} のトピックに通知します。空のままなら"
        "スタックが作成するトピック (これらのルールに events.amazonaws.com の sns:Publish を"
        "許可するポリシー付き) に通知します。独自のトピックを使う場合は同じポリシーが必要で、"
        "ないと通知は破棄されます",
    "this conversion adds {count} event rules{scheduled}; the default quota is {RULES_PER_BUS} "
    "per event bus (including rules already there)":
        "この変換でイベントルールが {count} 個{scheduled}増えます。デフォルトのクォータはイベント"
        "バスごとに {RULES_PER_BUS} 個です (既存のルールを含む)",
    "the Change Calendars end on {isoformat}: from the next day on, calendar-gated runs fail "
    "(Jobmig.CalendarExpired) and send the failure notice; convert again with a later --horizon "
    "and update the calendars before {isoformat}":
        "Change Calendar は {isoformat} で終わります。翌日以降、カレンダーで制御する実行は失敗し "
        "(Jobmig.CalendarExpired)、失敗通知を送ります。{isoformat} より前に、より後の --horizon "
        "で再度変換してカレンダーを更新してください",
    # -- waves ------------------------------------------------------------------------
    "{to_name} ({to_wave}) waits for {from_name}: {interim_rule}":
        "{to_name} ({to_wave}) は {from_name} を待ちます: {interim_rule}",
    "{to_name} waits for {from_name} ({from_wave}, condition {condition}); until {from_wave} runs "
    "on AWS, start {to_name} by hand when {from_name} has ended":
        "{to_name} は {from_name} ({from_wave}、条件 {condition}) を待ちます。{from_wave} が AWS "
        "で動くまでは、{from_name} の終了後に {to_name} を手動で起動してください",
    # -- cron syntax --------------------------------------------------------------------
    "{field}: {message}": "{field}: {message}",
    "expected 5 time fields, found {count}": "時刻フィールドは 5 つ必要ですが、{count} つあります",
    "@reboot runs once at daemon start-up and has no fire times":
        "@reboot はデーモンの起動時に 1 回だけ実行され、実行時刻はありません",
    "unknown nickname {word!r}": "不明なニックネーム {word!r}",
    "{word} takes no time fields after it": "{word} の後に時刻フィールドは書けません",
    "{text!r} is a cronie random range (~), picked when crond loads the file; the value is not "
    "known":
        "{text!r} は cronie のランダム範囲 (~) で、crond がファイルを読み込むときに値が決まるため、"
        "値は分かりません",
    "step {step_text!r} is not a number": "ステップ {step_text!r} が数値ではありません",
    "step 0 is invalid (must be 1 or more)": "ステップ 0 は不正です (1 以上が必要です)",
    "{text!r} is not {what}": "{text!r} は {what} ではありません",
    "{value} is out of range {low}-{high}": "{value} は範囲 {low}-{high} の外です",
    "{text!r}: a step needs a range, * or H before it":
        "{text!r}: ステップの前には範囲、* または H が必要です",
    "{text!r} is not a number": "{text!r} は数値ではありません",
    "{value} is an invalid value. Must be within {low} and {high}":
        "{value} は不正な値です。{low} から {high} の範囲で指定してください",
    "step must be positive, but found {step}": "ステップは正の数が必要ですが、{step} です",
    "You mean {end}-{start}?": "{end}-{start} のことではありませんか?",
    "{step} is an invalid value. Must be within 1 and {width}":
        "{step} は不正な値です。1 から {width} の範囲で指定してください",
    "empty list element": "リストの要素が空です",
    "{text!r}: a step needs a range or * before it (cronie rejects n/step)":
        "{text!r}: ステップの前には範囲か * が必要です (cronie は n/step を受け付けません)",
    "range {body!r} runs backwards": "範囲 {body!r} が逆順です",
    "unknown keyword {line!r}": "不明なキーワード {line!r}",
    "Invalid or unsupported timezone {timezone!r}": "不正またはサポート外のタイムゾーン {timezone!r}",
    "{text!r} is not H, H(a-b) or their /step forms":
        "{text!r} は H、H(a-b) またはそれらの /step 形式ではありません",
    # -- crontab ------------------------------------------------------------------------
    "expected {needed}; found {count} token(s) ({fields} look like time fields)":
        "{needed}が必要ですが、{count} 個の語句があります (うち時刻フィールドらしいものは {fields} 個)",
    "five time fields, a user and a command": "5 つの時刻フィールド、ユーザー、コマンド",
    "five time fields and a command": "5 つの時刻フィールドとコマンド",
    "; {users} look like they have a user column ({named})":
        "。{users} 件はユーザー列があるように見えます ({named})",
    "read as a user crontab: {commands} of {entries} entries start the command right after the "
    "time fields{against}":
        "ユーザー crontab として読みました: {entries} 件中 {commands} 件のエントリーが時刻"
        "フィールドの直後にコマンドを書いています{against}",
    "a sixth time field {user!r} where the user column belongs":
        "ユーザー列の位置に 6 つ目の時刻フィールド {user!r} があります",
    "{user!r} is taken as the user and there is no command left":
        "{user!r} をユーザーとみなすと、コマンドが残りません",
    "{user!r} is taken as the user name: the user column seems to be missing":
        "{user!r} をユーザー名とみなしました。ユーザー列が抜けているようです",
    " although the name suggests a user crontab": " (名前はユーザー crontab を示していますが)",
    "read as a system crontab{hint}: {users} of {entries} entries have a user name after the "
    "time fields ({named})":
        "システム crontab として読みました{hint}: {entries} 件中 {users} 件のエントリーで時刻"
        "フィールドの後にユーザー名があります ({named})",
    "no jobs in this crontab": "この crontab にはジョブがありません",
    "SHELL={shell}: the command runs as {shell} -c '…'":
        "SHELL={shell}: コマンドは {shell} -c '…' として実行されます",
    "NUL byte in the line: it is damaged and was not read as a job (cron reads the line only up "
    "to the NUL)":
        "行に NUL バイトがあり破損しているため、ジョブとして読み込んでいません (cron は NUL の手前"
        "までしか読みません)",
    "{name}={value}": "{name}={value}",
    "{name} value {value!r} contains {odd}": "{name} の値 {value!r} に {odd} が含まれています",
    "leading '-': cronie does not log this job":
        "先頭の '-': cronie はこのジョブをログに記録しません",
    "a lone '-' is not a job": "単独の '-' はジョブではありません",
    "found {plausible} time field(s) before the command; cron needs five":
        "コマンドの前の時刻フィールドは {plausible} 個です。cron には 5 つ必要です",
    "{which} in the command{more}": "コマンドに {which} があります{more}",
    "command split at %: stdin {stdin!r}": "コマンドを % で分割しました: 標準入力 {stdin!r}",
    "cronie -n option removed": "cronie の -n オプションを取り除きました",
    "the job runs a directory of scripts with run-parts":
        "このジョブは run-parts でディレクトリ内のスクリプトを実行します",
    "the last entry has no final newline; cronie drops it":
        "最後のエントリーに改行がないため、cronie はこれを読み捨てます",
    "@reboot runs once when crond starts": "@reboot は crond の起動時に 1 回だけ実行されます",
    "random range in {expression!r}": "{expression!r} にランダム範囲があります",
    "minute '*' with hour {fields!r}: 60 runs an hour":
        "分が '*' で時が {fields!r} のため、1 時間に 60 回実行されます",
    "a sixth time field {value!r}: cron runs it as the command":
        "6 つ目の時刻フィールド {value!r}: cron はこれをコマンドとして実行します",
    "bash-only {construct} in a command cron runs with {shell}":
        "cron が {shell} で実行するコマンドに bash 専用の {construct} があります",
    "{value!r} where a system crontab has its user column: in a user crontab cron runs it as the "
    "command":
        "システム crontab ならユーザー列の位置に {value!r} があります。ユーザー crontab では cron "
        "はこれをコマンドとして実行します",
    # -- Jenkins ------------------------------------------------------------------------
    "{error}": "XML の構文エラー: {error}",
    "pipeline steps are Groovy ({get})": "パイプラインのステップは Groovy です ({get})",
    "axes: {value}": "軸: {value}",
    "{kind} {full_name!r} holds other items": "{kind} {full_name!r} には他の項目が含まれています",
    "disabled in config.xml": "config.xml で無効になっています",
    "no --timezone given: the controller's zone is unknown":
        "--timezone が指定されていないため、コントローラーのタイムゾーンが分かりません",
    "branch job without triggers in config.xml": "config.xml にトリガーのないブランチジョブです",
    "parameter {name} has a password default": "パラメーター {name} の既定値がパスワードです",
    "inline script {value}:{column}: {message}": "インラインスクリプト {value}:{column}: {message}",
    "full name {full_name!r} taken from the {basis}": "フルネーム {full_name!r} は {basis} から取りました",
    "DOCTYPE not loaded, entities not expanded": "DOCTYPE は読み込まず、実体参照は展開していません",
    "item type {kind} is not a known Jenkins job": "項目の種類 {kind} は既知の Jenkins ジョブではありません",
    "Maven project goals {root!r} are not converted to a command":
        "Maven プロジェクトのゴール {root!r} はコマンドに変換していません",
    "{what}: fires on results the model cannot state exactly; using {value!r}":
        "{what}: モデルで正確に表せない結果で起動します。{value!r} を使います",
    "{what} names {value!r}, which is expanded at run time":
        "{what} が指す {value!r} は実行時に展開されます",
    "{what} names {value!r}, which climbs above the root":
        "{what} が指す {value!r} はルートより上を指しています",
    "pipeline steps are Groovy (Jenkinsfile)": "パイプラインのステップは Groovy です (Jenkinsfile)",
    "job named {full_name!r} after its {basis}": "ジョブ名は {basis} から {full_name!r} としました",
    "shared library code, not a job: its steps run inside the jobs that call it{also}":
        "ジョブではなく共有ライブラリのコードです。ステップは呼び出し元のジョブの中で実行されます{also}",
    "the job runs Windows batch (batchFile) steps":
        "このジョブは Windows バッチ (batchFile) のステップを実行します",
    "pipeline steps are Groovy": "パイプラインのステップは Groovy です",
    "{name}() names {text}, computed at run time": "{name}() が指す {text} は実行時に決まります",
    "{name}({text}) defines a job whose name is computed at run time; not converted":
        "{name}({text}) は名前が実行時に決まるジョブを定義しているため、変換していません",
    "{DSL_CONTAINERS} {literal!r} holds other items":
        "{DSL_CONTAINERS} {literal!r} には他の項目が含まれています",
    "disabled() in the Job DSL": "Job DSL で disabled() が指定されています",
    "script({text}) is computed when the seed job runs: the pipeline's triggers and build steps "
    "are unknown":
        "script({text}) はシードジョブの実行時に決まるため、パイプラインのトリガーとビルド"
        "ステップは分かりません",
    "the inline script has ${{…}} parts the seed job fills in; read as written":
        "インラインスクリプトにシードジョブが埋める ${{…}} の部分があります。書かれたとおりに"
        "読みました",
    "inline script {problem}": "インラインスクリプト {problem}",
    "Jenkinsfile {path} merged into {name!r}": "Jenkinsfile {path} を {name!r} にまとめました",
    "{name}() polls the repository on {spec!r}": "{name}() は {spec!r} でリポジトリをポーリングします",
    "{name}(): {what} is computed: {text}": "{name}(): {what} は実行時に決まります: {text}",
    "cron(): {message}": "cron(): {message}",
    "parameterizedCron(): {message}": "parameterizedCron(): {message}",
    "{what} names {text}, which is computed at run time":
        "{what} が指す {text} は実行時に決まります",
    "{what}: the job name is computed at run time": "{what}: ジョブ名は実行時に決まります",
    "{what} has wait: false": "{what} は wait: false です",
    "parameter {literal} has a password default": "パラメーター {literal} の既定値がパスワードです",
    "build parameter {text} is computed": "ビルドパラメーター {text} は実行時に決まります",
    "parameter {literal}: the default is computed: {text}":
        "パラメーター {literal}: 既定値は実行時に決まります: {text}",
    "the job runs Windows batch (BatchFile) steps":
        "このジョブは Windows バッチ (BatchFile) のステップを実行します",
    "Naginator re-runs only when the log matches {element!r}":
        "Naginator はログが {element!r} に一致するときだけ再実行します",
    "build-timeout strategy {value} ({value2})": "build-timeout の方式 {value} ({value2})",
    "{what}: unknown condition {name!r}, treated as ALWAYS":
        "{what}: 不明な条件 {name!r} のため ALWAYS として扱いました",
    "{what} starts {targets} without waiting": "{what} は {targets} を待たずに起動します",
    "{count} line(s) end in CR LF (first at line {line}): cron would keep each carriage return "
    "as the last character of the command; read here as a line end":
        "{count} 行が CR LF で終わっています (最初は {line} 行目)。cron は各復帰文字をコマンドの"
        "最後の文字として残します。ここでは改行の一部として読みました",
    "Naginator delay other than a fixed delay; 60 s assumed":
        "Naginator の遅延が固定遅延ではないため、60 秒とみなしました",
    "Naginator maxSchedule {value!r} is not a whole number: no retry converted":
        "Naginator の maxSchedule {value!r} が整数ではないため、再試行は変換していません",
    "Naginator re-runs a failed build without limit (maxSchedule {value}): a Step Functions Retry "
    "needs MaxAttempts, none converted":
        "Naginator は失敗したビルドを回数の制限なく再実行します (maxSchedule {value})。Step Functions の "
        "Retry には MaxAttempts が必要なため、変換していません",
    "Naginator re-runs unstable builds too; AWS has no unstable outcome, so only failures are "
    "retried":
        "Naginator は不安定 (unstable) なビルドも再実行します。AWS には unstable の結果がないため、"
        "再試行するのは失敗だけです",
    "Naginator waits longer after each further failure ({seconds} s × 1, 3, 6, 10, ...); every "
    "retry waits {seconds} s":
        "Naginator は失敗が続くたびに待ち時間を延ばします ({seconds} 秒 × 1, 3, 6, 10, ...)。"
        "変換後の再試行は毎回 {seconds} 秒待ちます",
    "build wrapper {name} is not converted": "ビルドラッパー {name} は変換していません",
    "{name} parameters are not carried over": "{name} のパラメーターは引き継いでいません",
    "build step {name} is not converted": "ビルドステップ {name} は変換していません",
    "join trigger: {element!r} run after all downstream builds finish (Parallel state, by hand)":
        "join trigger: {element!r} はすべての下流ビルドの終了後に実行されます (Parallel ステートで"
        "手作業により実現)",
    "publisher {name} is not converted": "パブリッシャー {name} は変換していません",
    "SCMTrigger polls the repository on {spec!r}": "SCMTrigger は {spec!r} でリポジトリをポーリングします",
    "PeriodicFolderTrigger {element!r} re-indexes the folder":
        "PeriodicFolderTrigger {element!r} はフォルダーを再インデックスします",
    "TimerTrigger: {message}": "TimerTrigger: {message}",
    "parameterizedCron: {message}": "parameterizedCron: {message}",
    "{name} starts the job on a repository push": "{name} はリポジトリへの push でジョブを起動します",
    "{name} polls on {element!r} ({name2})": "{name} は {element!r} でポーリングします ({name2})",
    "trigger {name} is not converted": "トリガー {name} は変換していません",
    # -- JP1 syntax ---------------------------------------------------------------------
    "end of file": "ファイルの終わり",
    "a quoted string": "引用符で囲んだ文字列",
    "unit {name} (ty={text}) cannot contain units; expected '}}' before this 'unit=' (its '{{' "
    "is at line {open_line}); {name} was closed here":
        "ユニット {name} (ty={text}) はユニットを含められません。この 'unit=' の前に '}}' が必要です"
        " ('{{' は {open_line} 行目)。{name} はここで閉じたものとしました",
    "expected '=' after 'unit', found {after}; unit {value} (about {skipped} lines) could not be "
    "read and was skipped":
        "'unit' の後に '=' が必要ですが、{after} があります。ユニット {value} (約 {skipped} 行) は"
        "読み込めなかったためスキップしました",
    "expected '=' after parameter name": "パラメーター名の後に '=' が必要です",
    "expected a parameter 'key=value;' or 'unit='": "パラメーター 'key=value;' か 'unit=' が必要です",
    "unit {name}: {expected}, found {token}; the statement was skipped":
        "ユニット {name}: {expected}が、{token} があります。この文はスキップしました",
    "unit attribute line ends with ':'; expected ';'":
        "ユニット属性行が ':' で終わっています。';' が必要です",
    "unit attribute line has no unit name; expected 'unit=name,permission,user,group;'":
        "ユニット属性行にユニット名がありません。'unit=name,permission,user,group;' の形式が必要です",
    "unit {name}: expected '{{' after the unit attribute line, found {brace}":
        "ユニット {name}: ユニット属性行の後に '{{' が必要ですが、{brace} があります",
    "unit {name}: '{{' without a unit attribute line; the block was skipped up to its '}}' or the "
    "next 'unit='":
        "ユニット {name}: ユニット属性行のない '{{' です。対応する '}}' か次の 'unit=' までの"
        "ブロックをスキップしました",
    "expected 'unit=' at top level, found {token}; skipped to the next 'unit='":
        "最上位には 'unit=' が必要ですが、{token} があります。次の 'unit=' までスキップしました",
    "'}}' without a matching '{{'": "'}}' に対応する '{{' がありません",
    "{count} '}}' without a matching '{{' in a row, to column {column}; all were skipped":
        "対応する '{{' のない '}}' が {count} 個続いています (列 {column} まで)。すべてスキップしました",
    "unit {name}: {expected}, found {token}; it and the next {more} statements on this line, "
    "none of them 'key=value;', were skipped ({chars} characters, to column {column})":
        "ユニット {name}: {expected}が、{token} があります。この文と、この行で続く 'key=value;' で"
        "ない {more} 個の文をスキップしました ({chars} 文字、列 {column} まで)",
    "unit {name}: {count} blocks '{{...}}' in a row on this line without a unit attribute line; "
    "each was skipped up to its '}}' or the next 'unit='":
        "ユニット {name}: この行にユニット属性行のないブロック '{{...}}' が {count} 個続いています。"
        "それぞれ対応する '}}' か次の 'unit=' までスキップしました",
    "'{text}=' is not closed; expected ';' after {where}":
        "'{text}=' が閉じていません。{where} の後に ';' が必要です",
    "unit {name}: '{{' opened at line {open_line} is never closed; expected '}}'":
        "ユニット {name}: {open_line} 行目で開いた '{{' が閉じていません。'}}' が必要です",
    "expected 'unit=' at top level, found '{text}='; skipped to the next 'unit='":
        "最上位には 'unit=' が必要ですが、'{text}=' があります。次の 'unit=' までスキップしました",
    'string is not closed; expected \'"\' before the end of the line (write a quote inside a '
    'string as #")':
        '文字列が閉じていません。行末までに \'"\' が必要です (文字列の中の引用符は #" と書きます)',
    "comment '/*' is never closed; expected '*/' (the rest of the file was read as comment)":
        "コメント '/*' が閉じていません。'*/' が必要です (ファイルの残りはコメントとして読みました)",
    # -- JP1 units ----------------------------------------------------------------------
    "unit {name}: end judgment jd={mode} (not the return code)":
        "ユニット {name}: 終了判定は jd={mode} です (戻り値ではありません)",
    "unit {name}: retried only for return codes {get}-{get2}":
        "ユニット {name}: 戻り値 {get}-{get2} のときだけ再実行します",
    "no unit definitions in the file": "ファイルにユニット定義がありません",
    "unit structure repaired after a brace problem at line {line} ({message}); check which "
    "jobnet this unit belongs to":
        "{line} 行目の括弧の問題 ({message}) の後でユニット構造を補正しました。このユニットが"
        "どのジョブネットに属するか確認してください",
    "unit {label}: unknown unit type; kept as a placeholder job":
        "ユニット {label}: 不明なユニット種別のため、プレースホルダーのジョブとして残しました",
    "unit {label} is not inside a jobnet; it becomes a workflow of its own":
        "ユニット {label} はジョブネットの中にないため、単独のワークフローになります",
    "unit {name} is held (ha={ha}) until an operator releases it":
        "ユニット {name} は運用者が解除するまで保留されます (ha={ha})",
    "nested jobnet {name} has {count} schedule rule(s) of its own":
        "ネストしたジョブネット {name} に独自のスケジュールルールが {count} 個あります",
    "map element el={raw} names {name}, which is not a unit of {name2}{hint}":
        "マップ要素 el={raw} が指す {name} は {name2} のユニットではありません{hint}",
    "unit {name}: return codes up to tho={tho} count as a normal end":
        "ユニット {name}: 戻り値 tho={tho} までは正常終了とみなします",
    "unit {name}: return codes up to wth={wth} count as a normal end, those above it up to "
    "tho={tho} as a warning end; the jobnet goes on after both":
        "ユニット {name}: 戻り値 wth={wth} までは正常終了、それを超え tho={tho} までは警告終了と"
        "みなします。どちらの後もジョブネットは続行します",
    "JP1 unit definitions carry no time zone; the schedules use the --timezone given to the run "
    "(UTC when none)":
        "JP1 のユニット定義にはタイムゾーンがないため、スケジュールには実行時の --timezone "
        "(指定がなければ UTC) を使います",
    "unit {name} has no ty= (unit type); it was not converted":
        "ユニット {name} に ty= (ユニット種別) がないため、変換していません",
    "unit {name}: {key}={raw} links it to units of other jobnets":
        "ユニット {name}: {key}={raw} で他のジョブネットのユニットと関連付けられています",
    "unit {name}: {which} in {key}=": "ユニット {name}: {key}= に {which} があります",
    "root jobnet {name} has no schedule rule; JP1 then uses sd=1,en (it runs on the day it is "
    "registered for execution)":
        "ルートジョブネット {name} にスケジュールルールがないため、JP1 は sd=1,en を使います "
        "(実行登録した日に実行されます)",
    "jobnet {name}: jc={raw} names a job group whose calendar this export does not define; its "
    "open and closed days are unknown":
        "ジョブネット {name}: jc={raw} が指すジョブグループのカレンダーがこのエクスポートに"
        "定義されていないため、運用日と休業日が分かりません",
    "jobnet {name}: rule {number} has several start dates (sd); all of them are used":
        "ジョブネット {name}: ルール {number} に開始日 (sd) が複数あります。すべて使います",
    "relations in {name} form a cycle ({names}); JP1 does not accept this and no state machine "
    "order exists for it":
        "{name} の関連が循環しています ({names})。JP1 はこれを受け付けず、ステートマシンの順序も"
        "決められません",
    "relation ar={raw} in {name}: {parts}; no dependency was built":
        "{name} の関連 ar={raw}: {parts}。依存関係は作成していません",
    "relation ar={raw} in {name}: {problems}": "{name} の関連 ar={raw}: {problems}",
    " (did you mean {close}?)": " ({close} のことではありませんか?)",
    "map element el={raw} gives type {el_type}, but unit {name} has ty={kinds}":
        "マップ要素 el={raw} の種別は {el_type} ですが、ユニット {name} は ty={kinds} です",
    "unit name {name} is used {seen} times {where}; this one's id is {unit_id}":
        "ユニット名 {name} が {where} で {seen} 回使われています。このユニットの ID は {unit_id} です",
    "job group {name} is inside a jobnet; it is read as a name prefix only":
        "ジョブグループ {name} がジョブネットの中にあります。名前の接頭辞としてだけ読みます",
    "unit {label} has no direct AWS equivalent; build {build}":
        "ユニット {label} には AWS で直接対応するものがありません。{build} を作成してください",
    "unit {label} becomes {build}": "ユニット {label} は {build} になります",
    "unit {name}: {key}={raw} is not valid; {bad}": "ユニット {name}: {key}={raw} は不正です。{bad}",
    "unit {name}: {key}= is given {count} times with different values; the last ({raw}) was used":
        "ユニット {name}: {key}= が異なる値で {count} 回指定されています。最後の値 ({raw}) を"
        "使いました",
    "jobnet {name}, rule {number}: {error}": "ジョブネット {name}、ルール {number}: {error}",
    # -- JP1's limits on units (parsers/jp1/limits.py) -----------------------------------
    "unit {name} is nested {depth} levels deep (job groups not counted); JP1 allows {limit}: "
    "it and the units inside it were not converted":
        "ユニット {name} は {depth} 階層の深さにあります (ジョブグループは数えません)。JP1 の上限は "
        "{limit} のため、このユニットとその中のユニットは変換していません",
    "unit {name}: its full name is {size} bytes long; JP1 allows {limit}: it and the units "
    "inside it were not converted":
        "ユニット {name}: 完全名が {size} バイトあります。JP1 の上限は {limit} のため、この"
        "ユニットとその中のユニットは変換していません",
    "unit {name} is inside the unit at line {line}, column {column}, which passes a JP1 limit; "
    "it was not converted":
        "ユニット {name} は JP1 の上限を超えた {line} 行 {column} 桁のユニットの中にあるため、"
        "変換していません",
    "unit {name}: its name is {size} bytes long; JP1 allows {limit}":
        "ユニット {name}: 名前が {size} バイトあります。JP1 の上限は {limit} です",
    "unit {name} holds {count} units on one level; JP1 allows {limit} below a jobnet":
        "ユニット {name} の 1 階層に {count} 個のユニットがあります。JP1 ではジョブネット配下の"
        "上限は {limit} です",
    "{count} unit(s) inside {name} pass JP1's limits and were not converted (JM448); it runs "
    "without them":
        "{name} の中の {count} 個のユニットが JP1 の上限を超えているため変換していません "
        "(JM448)。それらなしで実行されます",
    # -- JP1 waits and connectors -------------------------------------------------------
    "jobnet connector {name}: {root_name} is started by a status-change rule when {target} ends "
    "(SUCCEEDED)":
        "ジョブネットコネクタ {name}: {target} の終了 (SUCCEEDED) 時に、状態変化ルールが "
        "{root_name} を起動します",
    "unit {name} waits for the end of {how}: ": "ユニット {name} は {how} の終了を待ちます: ",
    "; not carried over: {lost}": "。引き継いでいないもの: {lost}",
    "ncr={raw} is not a root jobnet's full name": "ncr={raw} はルートジョブネットのフルネームではありません",
    "no ncr= (connected root jobnet)": "ncr= (接続先のルートジョブネット) がありません",
    "it is not inside a jobnet": "ジョブネットの中にありません",
    "the units before the connector wait for it too (JP1 runs them first)":
        "コネクタより前のユニットもこれを待ちます (JP1 ではそれらを先に実行します)",
    "ncex=y links scheduler services (host {host}, service {service}): EventBridge has no such "
    "link; convert that service's export into the same account and Region":
        "ncex=y はスケジューラーサービス間 (ホスト {host}、サービス {service}) を連携しますが、"
        "EventBridge にはこの連携がありません。そのサービスのエクスポートも同じアカウントと"
        "リージョンに変換してください",
    "jobnet {name} starts in synchronisation with connector {connector} (ncs=y): JP1 starts it "
    "when the connector is reached; the conversion keeps its own schedule and starts the "
    "connector's jobnet after it ends":
        "ジョブネット {name} はコネクタ {connector} と同期して起動します (ncs=y)。JP1 ではコネクタ"
        "に到達したときに起動しますが、変換後は独自のスケジュールを保ち、終了後にコネクタの"
        "ジョブネットを起動します",
    "all of {names} (mm=and)": "{names} のすべて (mm=and)",
    "all of {names} (mm=and: a join gate)": "{names} のすべて (mm=and: 結合ゲート)",
    "its jobnet's state machine polls for a SUCCEEDED run before it (JM446)":
        "ジョブネットのステートマシンが、実行前に SUCCEEDED の実行をポーリングします (JM446)",
    "a Step Functions status-change rule (SUCCEEDED) starts it when the wait is over; JP1 starts "
    "it at its own time and then waits":
        "待ちが終わると Step Functions の状態変化ルール (SUCCEEDED) が起動します。JP1 では自身の"
        "時刻に起動してから待ちます",
    "unit {name}: eun={raw} is not a unit full name (/group/jobnet[/unit]); the wait was not "
    "converted":
        "ユニット {name}: eun={raw} はユニットのフルネーム (/group/jobnet[/unit]) ではないため、"
        "待ち合わせを変換していません",
    "any of {names} (mm=or)": "{names} のいずれか (mm=or)",
    "any of {names} (mm=or: one rule)": "{names} のいずれか (mm=or: ルール 1 つ)",
    "jobnet connector {name}: {what}; not converted":
        "ジョブネットコネクタ {name}: {what}。変換していません",
    # -- JP1 tasks, mail, events, file watch --------------------------------------------
    "{name}: a cmd.exe command; it runs through {document} as a temporary .cmd file on a "
    "Windows instance":
        "{name}: cmd.exe のコマンドです。Windows インスタンス上で一時 .cmd ファイルとして "
        "{document} 経由で実行します",
    "{name}: {problem}; the command was not carried over":
        "{name}: {problem}。コマンドは引き継いでいません",
    "{name}: cron mailed its output to {who} after every run that printed anything, successful "
    "runs included; {after}":
        "{name}: cron は何か出力した実行のたびに (成功時も含め) 出力を {who} にメールしていました。"
        "{after}",
    "the converted job emails {addresses} only when a run fails (an SNS topic with email "
    "subscriptions, each to be confirmed), and never the output":
        "変換後のジョブは実行が失敗したときだけ {addresses} にメールし (メールのサブスクリプション"
        "付きの SNS トピック。各サブスクリプションの確認が必要)、出力は送りません",
    "the converted job mails nobody": "変換後のジョブは誰にもメールしません",
    "; {local} named a local mailbox on the legacy host, which gets nothing":
        "。{local} は旧ホストのローカルメールボックスを指しており、何も届きません",
    "{name} waits for {name2}, which runs inside jobnet {name3}: the end of {machine_of} stands "
    "for it (the wait lasts until that jobnet ends)":
        "{name} はジョブネット {name3} の中で動く {name2} を待ちます。{machine_of} の終了で代用"
        "します (待ちはそのジョブネットが終わるまで続きます)",
    "{name} → {name2} not converted: {why}": "{name} → {name2} は変換していません: {why}",
    "{name} → {name2}: starts on {statuses}": "{name} → {name2}: {statuses} で起動します",
    "; after etm ({value} min) it ends as ets={ets} says":
        "。etm ({value} 分) の経過後は ets={ets} のとおりに終了します",
    "; without etm it waits until the state machine's own timeout":
        "。etm がないため、ステートマシン自体のタイムアウトまで待ちます",
    "; not carried over: {dropped}": "。引き継いでいないもの: {dropped}",
    "the same managed node (SSM Run Command)": "同じマネージドノード (SSM Run Command)",
    "{name} waits until {path} is {condition}, checking {where} every {interval} s":
        "{name} は {path} が {condition} になるまで待ち、{interval} 秒ごとに {where} を確認します",
    ", at most {polls} checks (etm), then ends as ets={outcome} says":
        "。確認は最大 {polls} 回 (etm) で、その後は ets={outcome} のとおりに終了します",
    "{name}: flwc={condition}: the {CHANGE} is recorded at each check and compared with the "
    "previous one (the first check only records it)":
        "{name}: flwc={condition}: 確認のたびに {CHANGE} を記録して前回と比較します (最初の確認は"
        "記録のみ)",
    "{name}: S3 key pattern {target} is listed by its prefix {literal_prefix!r}; any key under "
    "it counts":
        "{name}: S3 キーのパターン {target} は接頭辞 {literal_prefix!r} で一覧するため、その下の"
        "どのキーも該当します",
    "{name} waits for all of {names}: join gate {name2}":
        "{name} は {names} のすべてを待ちます: 結合ゲート {name2}",
    "{name} sends its mail to {recipients} with {service}":
        "{name} は {service} で {recipients} にメールを送ります",
    "{name} calls parameter {parameter} with {method} through the HTTP Task; a non-2xx status "
    "fails the job":
        "{name} は HTTP タスクでパラメーター {parameter} を {method} で呼び出します。2xx 以外の"
        "ステータスではジョブが失敗します",
    "SNS Publish (recipients subscribe to the topic)": "SNS Publish (受信者がトピックをサブスクライブ)",
    "SES SendEmail": "SES SendEmail",
    # -- JP1 schedules ------------------------------------------------------------------
    "rule {number}: {value} at {hour:02d}:{minute:02d} gated by Change Calendar {name}, open on "
    "{count} day(s) from {first} to {last}; computed for the horizon {horizon}..{horizon2} only":
        "ルール {number}: {value} {hour:02d}:{minute:02d} に Change Calendar {name} で制御して"
        "実行します ({first} から {last} までのうち {count} 日が OPEN)。計算は期間 "
        "{horizon}..{horizon2} についてのみです",
    "calendar: {error} (ignored)": "カレンダー: {error} (無視しました)",
    "rule {number} ({expression}) runs daily from the day the jobnet is registered (en); taken "
    "as every day":
        "ルール {number} ({expression}) はジョブネットを登録した日から毎日実行されます (en)。"
        "毎日として扱いました",
    "rule {number} is undefined (ud)": "ルール {number} は未定義です (ud)",
    "rule {number} ({expression}) selects no day between {horizon} and {horizon2}":
        "ルール {number} ({expression}) は {horizon} から {horizon2} の間に該当する日がありません",
    "rule {number} depends on open and closed days, but no closed day is known; every day was "
    "treated as open":
        "ルール {number} は運用日と休業日に依存しますが、休業日が分からないため、すべての日を"
        "運用日として扱いました",
    "rule {number}: cy={cycle} repeats from a start date without a year; anchored on its first "
    "day on or after {horizon}":
        "ルール {number}: cy={cycle} は年のない開始日から繰り返すため、{horizon} 以降の最初の該当日"
        "を起点にしました",
    "rule {number} is linked to rule {link} of the parent jobnet (ln); it runs only with that "
    "rule's runs":
        "ルール {number} は親ジョブネットのルール {link} に連動しています (ln)。そのルールの実行時"
        "にだけ実行されます",
    "{expression}: {exc}; no schedule was written": "{expression}: {exc}。スケジュールは書き出していません",
    "rule {number} ({expression}) starts the jobnet on its registration day; no schedule was "
    "written for it":
        "ルール {number} ({expression}) は登録日にジョブネットを起動します。このルールの"
        "スケジュールは書き出していません",
    "rule {number} has no start date (sd); no schedule was written":
        "ルール {number} に開始日 (sd) がないため、スケジュールは書き出していません",
    "{zone} changes its UTC offset within the horizon, so a UTC rule cannot keep the JP1 start "
    "time; use --target scheduler":
        "{zone} は期間内に UTC オフセットが変わるため、UTC のルールでは JP1 の開始時刻を保てません。"
        "--target scheduler を使ってください",
    # -- cron schedules on AWS ----------------------------------------------------------
    "{why}; the schedule fires on its {field} field and its Change Calendar is open on the "
    "{days} matching days from {first} to {last}; renew the calendar before {last}":
        "{why}。スケジュールは {field} フィールドで起動し、Change Calendar は {first} から "
        "{last} までの該当する {days} 日に OPEN です。{last} より前にカレンダーを更新してください",
    "{label!r} in {zone}: runs differ on {days}: {parts}{more}":
        "{label!r} ({zone}): {days} に実行が異なります: {parts}{more}",
    "{label!r}: two schedules fire at the same minute on {shown}{more}":
        "{label!r}: {shown}{more} に 2 つのスケジュールが同じ分に起動します",
    "{label!r}: {zone} {where}; EventBridge rules run in UTC and have no start or end date, so "
    "each of the {count} rule(s) is confined to one offset period by its year, month and day "
    "fields, and none fires after the horizon ends on {end}: convert again before then, or use "
    "--target scheduler":
        "{label!r}: {zone} は{where}。EventBridge ルールは UTC で動き、開始日と終了日を持たない"
        "ため、{count} 個のルールはそれぞれ年・月・日のフィールドで 1 つのオフセット期間に限定して"
        "います。期間が {end} に終わると、どのルールも起動しません。それより前に再度変換するか、"
        "--target scheduler を使ってください",
    "Jenkins ANDs the day fields": "Jenkins は日のフィールドを AND で組み合わせます",
    "a day field starts with '*', so cronie ANDs the day fields":
        "日のフィールドが '*' で始まるため、cronie は日のフィールドを AND で組み合わせます",
    " and {count} more": " ほか {count} 件",
    " and {count} more days": " ほか {count} 日",
    "changes its UTC offset on {days}": " {days} に UTC オフセットが変わります",
    "changes its UTC offset outside the horizon": "期間外で UTC オフセットが変わります",
    "flavor {flavor!r} is not a cron flavor": "flavor {flavor!r} は cron の種類ではありません",
    "{label!r}: {zone} changes its UTC offset, and UTC rules confined to its offset periods from "
    "{horizon} to {horizon2} would take {count} rules (more than {MAX_UTC_RULES}); use --target "
    "scheduler, which keeps local time without splitting":
        "{label!r}: {zone} は UTC オフセットが変わるため、{horizon} から {horizon2} までの"
        "オフセット期間ごとに UTC ルールを分けると {count} 個 ({MAX_UTC_RULES} 個超) になります。"
        "分割せずに現地時刻を保てる --target scheduler を使ってください",
    "legacy only": "旧環境のみ",
    "AWS only": "AWS のみ",
    "{time} ({side})": "{time} ({side})",
    "{strip!r}{where}, at offset {offset}: {text}": "{strip!r}{where}、オフセット {offset}: {text}",
    "unknown time zone {zone!r}": "不明なタイムゾーン {zone!r}",
    "{label!r}: moving {text} by {value:+d} minutes to UTC changes its days in a way cron cannot "
    "express":
        "{label!r}: {text} を UTC に合わせて {value:+d} 分ずらすと、cron で表せない形で日が"
        "変わります",
    "{label!r}: no exact EventBridge equivalent was found (first difference at {moment})":
        "{label!r}: EventBridge で厳密に同等の式が見つかりませんでした (最初の相違は {moment})",
    "{strip!r}: {text}": "{strip!r}: {text}",
    "{label!r}: {text} is not a valid EventBridge expression ({error})":
        "{label!r}: {text} は有効な EventBridge の式ではありません ({error})",
    "{label!r}: no date matches its day and month fields":
        "{label!r}: 日と月のフィールドに一致する日付がありません",
    "{expression!r} uses H but the job's full name is not known":
        "{expression!r} は H を使っていますが、ジョブのフルネームが分かりません",
    # -- JP1 start conditions -----------------------------------------------------------
    "the start condition holds no wait job": "起動条件に待ち合わせジョブがありません",
    "start condition of {name} not converted: {why_not}":
        "{name} の起動条件は変換していません: {why_not}",
    "; its schedule starts the monitoring in JP1 and is not emitted as a trigger":
        "。JP1 ではスケジュールが監視を開始するもので、トリガーとしては書き出していません",
    "once all {count} start condition events have arrived for one business day (a join gate; at "
    "most one run per business day)":
        "1 営業日分の {count} 個の起動条件イベントがすべて届いた時点で (結合ゲート。1 営業日に"
        "最大 1 回の実行)",
    "{name} has no state machine of its own to start": "{name} には起動する独自のステートマシンがありません",
    "{value} in s3://{value2}": "s3://{value2} の {value}",
    "; the bucket must send its events to EventBridge (S3 bucket setting 'Amazon EventBridge "
    "notifications', which the template cannot turn on for a bucket it does not own)":
        "。バケットがイベントを EventBridge に送る必要があります (S3 バケットの設定 'Amazon "
        "EventBridge notifications'。テンプレートが所有しないバケットではオンにできません)",
    "on any start condition event": "いずれかの起動条件イベントで",
    "on its start condition event": "起動条件イベントで",
    "{name} starts {how} (cond={mode}): {count} EventBridge rule(s){schedule}{bucket_note}":
        "{name} は{how}起動します (cond={mode}): EventBridge ルール {count} 個{schedule}"
        "{bucket_note}",
    "JP1 event {event}": "JP1 イベント {event}",
    "{name}: the start condition's monitoring limit {shown} is not carried over; the rules start "
    "a run for every matching event, at any time":
        "{name}: 起動条件の監視の制限 {shown} は引き継いでいません。ルールは一致するイベントの"
        "たびに、時刻を問わず実行を開始します",
    "; its schedule is created disabled": "。スケジュールは無効の状態で作成します",
    "{name}: {text}": "{name}: {text}",
    "{name}: an EventBridge rule on {what} ": "{name}: {what} に対する EventBridge ルールが",
    "records its arrival for the join gate of {name}": "{name} の結合ゲートのために到着を記録します",
    "starts {name}": "{name} を起動します",
    # -- Step Functions -----------------------------------------------------------------
    "the links of {name} are not series-parallel; level barriers add waits: {text}":
        "{name} の関連は直並列ではないため、段ごとの待ち合わせで待ちが増えます: {text}",
    "OR job {name} merges the branches of {branches}: exactly one of them runs for any return "
    "code":
        "OR ジョブ {name} は {branches} の分岐を合流させます。どの戻り値でもそのうち 1 つだけが"
        "実行されます",
    "OR job {name}: {why}; Step Functions has no first-branch-wins join, so it is a placeholder "
    "that fails the run":
        "OR ジョブ {name}: {why}。Step Functions には最初に終わった分岐を採る合流がないため、"
        "実行を失敗させるプレースホルダーにしています",
    "{name} ({job}) decides whether {units} run; when it does not hold, the block of units that "
    "starts with them is skipped":
        "{name} ({job}) が {units} を実行するかどうかを決めます。成り立たない場合、それらから"
        "始まるユニットのまとまりはスキップします",
    "{name} ended abnormally → recovery {join} (Catch); the execution then ends failed and other "
    "parallel branches stop":
        "{name} の異常終了 → リカバリー {join} (Catch)。その後、実行は失敗で終わり、並列の他の"
        "分岐は停止します",
    "judgment {name} ({job}) was not converted; a run fails there (placeholder) instead of "
    "running its dependent units ({units})":
        "判定 {name} ({job}) は変換していません。後続のユニット ({units}) を実行する代わりに、"
        "そこで実行が失敗します (プレースホルダー)",
    "{name}: a run on a day {calendars} is CLOSED ends skipped; it starts no successor and sends "
    "no failure notice":
        "{name}: {calendars} が CLOSED の日の実行はスキップで終わり、後続を起動せず失敗通知も"
        "送りません",
    "{name}: the business day starts at {value:02d}:{value2:02d} (stt), more than a day from UTC "
    "midnight in {timezone}; $.business_day (AJSEXDATE, join gates) is the local date of the "
    "scheduled time instead":
        "{name}: 営業日の開始が {value:02d}:{value2:02d} (stt) で、{timezone} の UTC 0 時から 1 日"
        "以上離れています。$.business_day (AJSEXDATE、結合ゲート) には代わりに予定時刻の現地の"
        "日付を使います",
    "{name} holds {count} unit(s) that could not be converted ({shown}); a run fails when it "
    "reaches them":
        "{name} には変換できなかったユニットが {count} 個あります ({shown})。実行はそこに達すると"
        "失敗します",
    "{name} ({job}) decides whether {units} run; its test and the other branches' of {name2} "
    "exclude each other, so exactly one branch runs":
        "{name} ({job}) が {units} を実行するかどうかを決めます。その条件と {name2} の他の分岐の"
        "条件は互いに排他的なので、実行される分岐はちょうど 1 つです",
    "{name} waits for {how} {names}: its jobnet's state machine polls {machines} for a SUCCEEDED "
    "run of this business day before it runs (every {INTERVAL_SECONDS} s, at most {MAX_POLLS} "
    "times, then {TIMEOUT_ERROR})":
        "{name} は {names} ({how}) を待ちます。実行前に、ジョブネットのステートマシンが "
        "{machines} にこの営業日の SUCCEEDED の実行があるかをポーリングします "
        "({INTERVAL_SECONDS} 秒ごと、最大 {MAX_POLLS} 回、その後は {TIMEOUT_ERROR})",
    "{name}: {reason}; its state is a Fail placeholder, so a run fails instead of skipping the "
    "work{hint}":
        "{name}: {reason}。ステートは Fail のプレースホルダーのため、処理を飛ばさずに実行が失敗"
        "します{hint}",
    "{name}: the command uses {named}, which JP1 fills in at run time; the converted command "
    "gets ":
        "{name}: コマンドは JP1 が実行時に設定する {named} を使っています。変換後のコマンドでは",
    " ({why})": " ({why})",
    "{name}: {variables} set at run time {through} (AJSEXDATE: the business date in "
    "{timezone}{pre}){agent}":
        "{name}: {variables} を実行時に {through} 設定します (AJSEXDATE: {timezone} の営業日"
        "{pre}){agent}",
    "{others}: no counterpart is set": "{others}: 対応する値は設定されません",
    "{name}'s successors run after it ended either way ({join}); its failure is caught and "
    "recorded in $.error":
        "{name} の後続は、終了の仕方にかかわらず実行されます ({join})。失敗は捕捉して $.error に"
        "記録します",
    "the jobnet's links form a cycle; units run one after another in id order":
        "ジョブネットの関連が循環しているため、ユニットを ID の順に 1 つずつ実行します",
    "the macro text as written": "マクロの文字列が書かれたとおりに渡ります",
    "them unset": "未設定になります",
    "the con arrow {predecessor} → {successor} starts at a unit that is not a judgment job; it "
    "was not converted":
        "con の関連 {predecessor} → {successor} は判定ジョブではないユニットから始まっているため、"
        "変換していません",
    "{name} ({test})": "{name} ({test})",
    # -- Jenkins cron specs -------------------------------------------------------------
    "invalid or unsupported time zone {tz_line!r}": "不正またはサポート外のタイムゾーン {tz_line!r}",
    "{tz_line!r} sets the time zone of the spec": "{tz_line!r} でスペックのタイムゾーンを設定しています",
    "the spec has no cron line, so the trigger never fires":
        "スペックに cron の行がないため、トリガーは一度も起動しません",
    "spec {spec!r}: {error}": "スペック {spec!r}: {error}",
    "spec {expression!r}: {error}": "スペック {expression!r}: {error}",
    # -- what to build for JP1 unit types (parsers/jp1/types.py) -------------------------
    "a Choice state on the predecessor's result (return code, file or variable test ej=...)":
        "先行ユニットの結果 (戻り値、ファイル、変数の判定 ej=...) による Choice ステート",
    "a Wait state of tmitv minutes": "tmitv 分の Wait ステート",
    "a task on an AWS Batch job queue (the JP1 queue qm/qu is not carried over)":
        "AWS Batch ジョブキューのタスク (JP1 のキュー qm/qu は引き継ぎません)",
    "a Parallel state whose branches end through a shared 'first one wins' step (Step Functions "
    "has no OR-join)":
        "各分岐が共通の「最初に終わったものを採る」ステップで終わる Parallel ステート (Step "
        "Functions には OR 結合がありません)",
    "an EventBridge rule matching the event (a converted evsj sends source jobmig.jp1, "
    "detail-type 'JP1 event', detail.event_id), resuming an aws-sdk:dynamodb:putItem "
    ".waitForTaskToken wait through a small state machine the rule starts that reads the token "
    "and calls sfn:SendTaskSuccess":
        "イベントに一致する EventBridge ルール (変換した evsj は source jobmig.jp1、detail-type "
        "'JP1 event'、detail.event_id で送信) と、ルールが起動してトークンを読み "
        "sfn:SendTaskSuccess を呼ぶ小さなステートマシンによる、aws-sdk:dynamodb:putItem "
        ".waitForTaskToken の待ちの再開",
    "an S3 object-created (or EventBridge) rule resuming a waitForTaskToken task; a local file "
    "system has no AWS event":
        "waitForTaskToken のタスクを再開する S3 のオブジェクト作成 (または EventBridge) ルール。"
        "ローカルのファイルシステムには AWS のイベントがありません",
    "an Amazon SES receipt rule (S3 or SNS action) resuming a waitForTaskToken task":
        "waitForTaskToken のタスクを再開する Amazon SES の受信ルール (S3 または SNS アクション)",
    "an Amazon MQ / SQS consumer resuming a waitForTaskToken task":
        "waitForTaskToken のタスクを再開する Amazon MQ / SQS のコンシューマー",
    "an SQS consumer resuming a waitForTaskToken task":
        "waitForTaskToken のタスクを再開する SQS のコンシューマー",
    "a CloudWatch Logs subscription filter resuming a waitForTaskToken task":
        "waitForTaskToken のタスクを再開する CloudWatch Logs のサブスクリプションフィルター",
    "the CloudWatch agent collecting the Windows event log, with a CloudWatch Logs subscription "
    "filter resuming a waitForTaskToken task":
        "Windows イベントログを収集する CloudWatch エージェントと、waitForTaskToken のタスクを"
        "再開する CloudWatch Logs のサブスクリプションフィルター",
    "an EventBridge PutEvents task": "EventBridge PutEvents のタスク",
    "an SNS publish or SES sendEmail task": "SNS publish または SES sendEmail のタスク",
    "an SQS sendMessage (or Amazon MQ) task": "SQS sendMessage (または Amazon MQ) のタスク",
    "an SQS sendMessage task": "SQS sendMessage のタスク",
    "an SNS publish task (status notification)": "SNS publish のタスク (状態通知)",
    "an SSM Automation task (AWS-StartEC2Instance / AWS-StopEC2Instance) or "
    "aws-sdk:ec2:startInstances/stopInstances":
        "SSM Automation のタスク (AWS-StartEC2Instance / AWS-StopEC2Instance) または "
        "aws-sdk:ec2:startInstances/stopInstances",
    "an SSM Automation task (AWS-StartEC2Instance / AWS-StopEC2Instance) on the remote host's "
    "instance":
        "リモートホストのインスタンスに対する SSM Automation のタスク (AWS-StartEC2Instance / "
        "AWS-StopEC2Instance)",
    "a task for the add-on product named in cty (SAP, PFM ...)":
        "cty で指定したアドオン製品 (SAP、PFM など) 用のタスク",
    "a Pass state with ResultSelector that sets the passed values":
        "引き継ぐ値を設定する ResultSelector 付きの Pass ステート",
    "SSM Run Command on the destination agent's instance (da), or on instances selected by tag "
    "for a broadcast (fxg)":
        "転送先エージェントのインスタンス (da)、またはブロードキャスト (fxg) ではタグで選んだ"
        "インスタンスに対する SSM Run Command",
    "an HTTP Task (arn:aws:states:::http:invoke) or a Lambda task":
        "HTTP タスク (arn:aws:states:::http:invoke) または Lambda のタスク",
    "a task for the hostlink (mainframe) system": "ホストリンク (メインフレーム) システム用のタスク",
    "an EventBridge rule on the connected root jobnet's Step Functions execution status change "
    "(through the join gate when several must end)":
        "接続先ルートジョブネットの Step Functions 実行状態の変化に対する EventBridge ルール "
        "(複数の終了を待つ場合は結合ゲート経由)",
    "EventBridge rules for the wait jobs of the start condition, starting the state machine":
        "起動条件の待ち合わせジョブごとの、ステートマシンを起動する EventBridge ルール",
    "nothing here: the job group lives on another manager; convert that export":
        "ここでは何も作りません。ジョブグループは別のマネージャーにあるため、そのエクスポートを"
        "変換してください",
    "an EventBridge rule or nested execution of the state machine converted from the other "
    "manager's export":
        "別のマネージャーのエクスポートから変換したステートマシンに対する EventBridge ルール"
        "またはネストした実行",
    "an execution of the state machine converted from the remote manager's jobnet":
        "リモートマネージャーのジョブネットから変換したステートマシンの実行",
    # -- why a unit is a placeholder or a wait is not converted -------------------------
    "a JP1 unit of type {unit_type}": "ユニット種別 {unit_type} の JP1 ユニット",
    "a unit": "ユニット",
    "{kind} with no AWS equivalent": "AWS に相当するものがない{kind}",
    "a pipeline whose steps are Groovy, not a shell command":
        "ステップがシェルコマンドではなく Groovy のパイプライン",
    "no command in the export": "エクスポートにコマンドがない",
    "a JP1 event reception monitoring job with ets={ets}": "ets={ets} の JP1 イベント受信監視ジョブ",
    "a JP1 event reception monitoring job without an event ID (evwid)":
        "イベント ID (evwid) のない JP1 イベント受信監視ジョブ",
    "an email sending job without a recipient (mladr)": "宛先 (mladr) のないメール送信ジョブ",
    "an HTTP connection job with method {method}": "メソッドが {method} の HTTP 接続ジョブ",
    "a file monitoring job without a file (flwf)": "監視ファイル (flwf) のないファイル監視ジョブ",
    "a file monitoring job with flwc={condition}: JP1 takes c, d, s or m joined by ':', s and m "
    "not together":
        "flwc={condition} のファイル監視ジョブ (JP1 が受け付けるのは c、d、s、m を ':' で"
        "つないだもので、s と m は同時に指定できません)",
    "a file monitoring job for flwc={condition}: created and deleted at once are events, not "
    "states a check can see":
        "flwc={condition} のファイル監視ジョブ (作成と削除の同時指定はイベントであり、確認で"
        "見える状態ではありません)",
    "a file monitoring job with ets={outcome}": "ets={outcome} のファイル監視ジョブ",
    "a file monitoring job for flwc={condition} on an S3 key with a wildcard ({target}): "
    "headObject reads one key":
        "ワイルドカードを含む S3 キー ({target}) に対する flwc={condition} のファイル監視ジョブ "
        "(headObject が読むのは 1 つのキーです)",
    "a file monitoring job for flwc={condition}: S3 sends no event for a size or modified-time "
    "change alone":
        "flwc={condition} のファイル監視ジョブ (サイズや更新日時の変更だけでは S3 はイベントを"
        "送りません)",
    "a file monitoring job on {path}, a local disk: no profile rule in [events.paths] maps it to "
    "S3, so no AWS event tells its change":
        "ローカルディスク上の {path} に対するファイル監視ジョブ (プロファイルの [events.paths] に"
        "S3 へ対応付けるルールがないため、変化を伝える AWS のイベントがありません)",
    "an S3 key {key} with a ? or [...] wildcard, which event patterns lack":
        "? または [...] のワイルドカードを含む S3 キー {key} (イベントパターンでは表せません)",
    "a {unit_type} wait, which has no AWS event to start a run":
        "実行を開始する AWS のイベントがない {unit_type} の待ち合わせ",
    "the command holds a line starting with '@, which would end the here-string":
        "コマンドに '@ で始まる行があり、ヒアストリングが終わってしまいます",
    "created": "作成",
    "deleted": "削除",
    "changes size": "サイズの変化",
    "changes its modified time": "更新日時の変化",
    # what a size or modified-time watch records (JM443)
    "size": "サイズ",
    "modified time": "更新日時",
    # how often a calendar-gated JP1 rule fires (JM409)
    "daily": "毎日",
    "weekly": "毎週",
    " or ": "または",
    # -- OR jobs and judgments ----------------------------------------------------------
    "it has fewer than two judgment branches": "判定の分岐が 2 つ未満です",
    "for return code {code} more than one judgment holds, so several branches run":
        "戻り値 {code} では複数の判定が成り立ち、複数の分岐が実行されます",
    "for return code {code} no judgment holds, so no branch runs and JP1 would leave the OR job "
    "waiting":
        "戻り値 {code} ではどの判定も成り立たず、どの分岐も実行されないため、JP1 では OR ジョブが"
        "待ったままになります",
    "its predecessors ({preds}) are not the branches of judgment jobs on one return code":
        "先行ユニット ({preds}) が、1 つの戻り値に対する判定ジョブの分岐になっていません",
    "an OR job whose predecessors may run together: {why}":
        "先行ユニットが同時に実行されうる OR ジョブ: {why}",
    "the return code of {name} is not at hand for a Choice (it does not run as a bare SSM "
    "command)":
        "{name} の戻り値を Choice で参照できません (単独の SSM コマンドとして実行しないため)",
    "a branch before it does not start with a judgment job": "前の分岐の 1 つが判定ジョブで始まっていません",
    "the units after {name} are not all linked to it by con arrows":
        "{name} の後続ユニットの一部が con の関連でつながっていません",
    # -- JP1 relations and parameters ---------------------------------------------------
    "{name} could not be read (see JM402)": "{name} を読み込めませんでした (JM402 を参照)",
    "{name} is not a unit of {name2}": "{name} は {name2} のユニットではありません",
    "no {end}= end": "{end}= の端がありません",
    "connection type '{key}' is not seq or con (read as {guess})":
        "接続種別 '{key}' は seq でも con でもありません ({guess} として読みました)",
    "'{text}' is not f=unit, t=unit, seq or con": "'{text}' は f=unit、t=unit、seq、con のいずれでもありません",
    "expected one of {allowed}": "{allowed} のいずれかを指定してください",
    "expected minutes 1-{MAX_ETM_MINUTES}; no time limit is set":
        "1-{MAX_ETM_MINUTES} の分数を指定してください。時間の制限は設定していません",
    "expected WxH with each 1-100": "それぞれ 1-100 の WxH の形式で指定してください",
    "expected a whole number; {what}": "整数で指定してください。{what}",
    "the default of 1 is used": "既定値の 1 を使います",
    "no threshold is set from it": "この値からはしきい値を設定しません",
    # -- JP1 schedule rule parameters ---------------------------------------------------
    "sd value {value!r} is not a start date": "sd の値 {value!r} は開始日ではありません",
    "sd value {value!r}: month {month} is not 1-12": "sd の値 {value!r}: 月 {month} が 1-12 ではありません",
    "sd value {value!r}: year {year} out of range": "sd の値 {value!r}: 年 {year} が範囲外です",
    "sd value {value!r}: day {number} out of range": "sd の値 {value!r}: 日 {number} が範囲外です",
    "sd value {value!r} is not a calendar date": "sd の値 {value!r} は暦の上の日付ではありません",
    "sd value {value!r} is not a start date (expected [[yyyy/]mm/]dd, +dd, *dd, @dd, b, b-dd, a "
    "weekday such as mo:1, en or ud)":
        "sd の値 {value!r} は開始日ではありません ([[yyyy/]mm/]dd、+dd、*dd、@dd、b、b-dd、mo:1 の"
        "ような曜日、en、ud のいずれかが必要です)",
    "st value {strip!r} is not a time (expected [+]hh:mm)":
        "st の値 {strip!r} は時刻ではありません ([+]hh:mm の形式が必要です)",
    "{key}= is not a schedule rule parameter": "{key}= はスケジュールルールのパラメーターではありません",
    "{key}={raw}: rule number {rule_no} is not 0-{MAX_RULE}":
        "{key}={raw}: ルール番号 {rule_no} が 0-{MAX_RULE} ではありません",
    "cy value {value!r} is not a cycle (expected (n,y|m|w|d))":
        "cy の値 {value!r} は周期ではありません ((n,y|m|w|d) の形式が必要です)",
    "sh value {value!r} is not one of be, af, ca, no":
        "sh の値 {value!r} は be、af、ca、no のいずれでもありません",
    "shd value {value!r} is not a number of days (1-31)":
        "shd の値 {value!r} は日数 (1-31) ではありません",
    "ln value {value!r} is not a rule number": "ln の値 {value!r} はルール番号ではありません",
    "cftd value {value!r} is not {{no|be|af|db|da}}[,n[,N]]":
        "cftd の値 {value!r} は {{no|be|af|db|da}}[,n[,N]] の形式ではありません",
    "{key} value {strip!r} is not a date (expected yyyy/mm/dd)":
        "{key} の値 {strip!r} は日付ではありません (yyyy/mm/dd の形式が必要です)",
    "stt value {stt!r} is past 23:59": "stt の値 {stt!r} が 23:59 を過ぎています",
    # -- usage errors (jobmig's own one-line errors, exit code 2) ------------------------
    "--by {by!r}: choose {BY_CHOICES}": "--by {by!r}: {BY_CHOICES} のいずれかを指定してください",
    "--cache {folder}: is a file, not a folder": "--cache {folder}: フォルダーではなくファイルです",
    "--crontab-kind {crontab_kind!r}: choose user or system":
        "--crontab-kind {crontab_kind!r}: user か system を指定してください",
    "--days must be at least 1": "--days には 1 以上を指定してください",
    "--fail-on {fail_on!r}: choose changes or replacements":
        "--fail-on {fail_on!r}: changes か replacements を指定してください",
    "--fail-on {fail_on!r}: choose manual or review":
        "--fail-on {fail_on!r}: manual か review を指定してください",
    "--flavor {flavor!r}: choose vixie or jenkins": "--flavor {flavor!r}: vixie か jenkins を指定してください",
    "--format {fmt!r}: choose one of {FORMATS}": "--format {fmt!r}: {FORMATS} のいずれかを指定してください",
    "--format {output_format!r}: choose table, md or json":
        "--format {output_format!r}: table、md、json のいずれかを指定してください",
    "--guard {guard!r}: choose auto, on or off": "--guard {guard!r}: auto、on、off のいずれかを指定してください",
    "--holidays {holidays}: give 'jp' or an existing .ics/.csv file":
        "--holidays {holidays}: 'jp' か、存在する .ics/.csv ファイルを指定してください",
    "--holidays {holidays}: {error}": "--holidays {holidays}: {error}",
    "--horizon {text!r}: give END or START:END as YYYY-MM-DD":
        "--horizon {text!r}: END または START:END を YYYY-MM-DD の形式で指定してください",
    "--horizon {text!r}: the end is before the start": "--horizon {text!r}: 終了日が開始日より前です",
    "--max-jobs must be at least 1": "--max-jobs には 1 以上を指定してください",
    "--profile {profile}: no such file": "--profile {profile}: ファイルがありません",
    "--report {report}: {error}": "--report {report}: {error}",
    "--start {start!r}: give a date as YYYY-MM-DD": "--start {start!r}: 日付を YYYY-MM-DD の形式で指定してください",
    "--target {target!r}: choose scheduler or rules": "--target {target!r}: scheduler か rules を指定してください",
    "--timezone {zone!r} is not an IANA time zone (e.g. Asia/Tokyo)":
        "--timezone {zone!r} は IANA のタイムゾーンではありません (例: Asia/Tokyo)",
    "--to {output!r}: choose md": "--to {output!r}: md を指定してください",
    "--to {output_format!r}: choose dot, mermaid or json":
        "--to {output_format!r}: dot、mermaid、json のいずれかを指定してください",
    "--wave NAME writes one wave, --waves every wave: give one of them":
        "--wave NAME は 1 つのウェーブを、--waves はすべてのウェーブを書き出します。どちらか一方を"
        "指定してください",
    "--wave {name!r}: no such wave (this plan has {shown}; see jobmig waves)":
        "--wave {name!r}: そのようなウェーブはありません (このプランにあるのは {shown}。jobmig "
        "waves を参照してください)",
    "{code}: no such finding code (run jobmig findings for the list)":
        "{code}: そのような指摘コードはありません (一覧は jobmig findings で確認できます)",
    "{given}: broken symbolic link to {target}": "{given}: {target} へのシンボリックリンクが切れています",
    "{given}: no such file or folder": "{given}: ファイルもフォルダーもありません",
    "{option} {path}: is a file, not a folder": "{option} {path}: フォルダーではなくファイルです",
    "{option} {path}: is a folder, not a file": "{option} {path}: ファイルではなくフォルダーです",
    "{option} {path}: {parent} is a file, not a folder":
        "{option} {path}: {parent} はフォルダーではなくファイルです",
    "{out}: folder is not empty; use --force to replace its contents":
        "{out}: フォルダーが空ではありません。中身を置き換えるには --force を指定してください",
    "{plan_path}: not found; run jobmig convert first":
        "{plan_path}: 見つかりません。先に jobmig convert を実行してください",
    "{plan_path}: not valid JSON ({error})": "{plan_path}: JSON として不正です ({error})",
    "{profile}: {error}": "{profile}: {error}",
    # -- why a dependency is not carried by a rule (mappings/event_patterns.py) ----------
    "a judgment link cannot cross workflows": "判定の関連はワークフローをまたげません",
    "an AND-join on conditions other than success": "正常終了以外の条件での AND 結合です",
    "the blocking trigger's target runs inside a jobnet, so it cannot be started alone":
        "ブロッキングトリガーの対象はジョブネットの中で動くため、単独では起動できません",
    "the waited unit is in the same root jobnet; JP1 waits for it there, which the jobnet's "
    "state machine does not model":
        "待ち合わせ対象のユニットは同じルートジョブネットにあります。JP1 はそこで待ちますが、"
        "ジョブネットのステートマシンではこれを表していません",
    "{name} runs inside a jobnet, so no rule can start it alone":
        "{name} はジョブネットの中で動くため、ルールで単独に起動できません",
    "{name} runs inside a jobnet; its end is not an execution event":
        "{name} はジョブネットの中で動くため、その終了は実行のイベントになりません",
    # -- Groovy syntax (parsers/jenkins/tokens.py) ---------------------------------------
    "unterminated /* comment": "/* のコメントが閉じていません",
    "unterminated string": "文字列が閉じていません",
    "unterminated slashy string": "スラッシュ文字列が閉じていません",
    "{more} more Groovy syntax problems in this file from here on (only the first {limit} are "
    "listed one by one; fix those and convert again)":
        "このファイルでは以降にさらに {more} 件の Groovy 構文の問題があります (個別に示すのは最初の "
        "{limit} 件のみです。それらを直してから再度変換してください)",
    "{more} more Groovy syntax problem in this file from here on (only the first {limit} are "
    "listed one by one; fix those and convert again)":
        "このファイルでは以降にさらに {more} 件の Groovy 構文の問題があります (個別に示すのは最初の "
        "{limit} 件のみです。それらを直してから再度変換してください)",
    "unexpected {text!r}: nothing to close": "予期しない {text!r}: 閉じる対象がありません",
    "{text!r} does not close {text2!r} opened at {line}:{column}":
        "{text!r} は {line}:{column} で開いた {text2!r} を閉じるものではありません",
    "{text!r} is never closed": "{text!r} が閉じていません",
    "stray ',' runs the statement into '{text} {text2}' on line {line}":
        "余分な ',' のため、文が {line} 行目の '{text} {text2}' まで続いてしまいます",
    # -- crontab: bash-only constructs --------------------------------------------------
    "'&>'/'&>>' (redirect both outputs)": "'&>'/'&>>' (両方の出力のリダイレクト)",
    "'source' (dash: not found)": "'source' (dash では not found)",
    "'[[ ]]' tests": "'[[ ]]' による判定",
    "process substitution '<( )'": "プロセス置換 '<( )'",
    "'|&' (pipe both outputs)": "'|&' (両方の出力のパイプ)",
    "brace range '{{a..b}}'": "波括弧の範囲 '{{a..b}}'",
    "'function' keyword": "'function' キーワード",
    "$'...' quoting": "$'...' の引用",
    # -- Jenkins, JP1 run-time variables -----------------------------------------------
    "; the jobs that call it also start {started}": "。呼び出し元のジョブは {started} も起動します",
    "; AJSPRE_ST=n, AJSPRE_RC=0: no preceding unit": "。AJSPRE_ST=n、AJSPRE_RC=0: 先行ユニットなし",
    "; AJSPRE_ST and AJSPRE_RC: the end of {unit}": "。AJSPRE_ST と AJSPRE_RC: {unit} の終了",
    "; the managed node needs SSM Agent 3.3.2746.0 or later":
        "。マネージドノードには SSM Agent 3.3.2746.0 以降が必要です",
    "through the stack's SSM document {document}": "スタックの SSM ドキュメント {document} を通して",
    "as the ECS task's container environment": "ECS タスクのコンテナー環境変数として",
    "as the AWS Batch job's container environment": "AWS Batch ジョブのコンテナー環境変数として",
    "in the Lambda payload's environment object": "Lambda のペイロードの environment オブジェクトで",
    "{n} schedule": "スケジュール {n} 個",
    "{n} schedules": "スケジュール {n} 個",
    "{n} event rule": "イベントルール {n} 個",
    "{n} event rules": "イベントルール {n} 個",
    " and ": "と",
    # -- added when the event, calendar and stack-limit work met the message table ----
    ' (first parameters: {names})':
        ' (先頭のパラメーター: {names})',
    ' with its {conditions} condition(s)':
        ' (条件 {conditions} 付き)',
    ': its task token is stored in the DynamoDB table of parameter {parameter} and the rule on the event starts the relay machine, which resumes it':
        '。タスクトークンをパラメーター {parameter} の DynamoDB テーブルに保存し、イベントのルールが中継ステートマシンを起動して再開させます',
    '; a file already there at the first check counts as created (flco=y)':
        '。最初の確認時にすでにあるファイルは作成されたものとみなします (flco=y)',
    '; a file counts as created once a check saw none (a file already there at the first check must go and come back, as in JP1 without flco=y)':
        '。ファイルがない状態を一度確認した後に現れたファイルを作成とみなします (JP1 で flco=y を指定しない場合と同じく、最初の確認時にすでにあるファイルは一度消えてから再び現れる必要があります)',
    '; flco=y (a file already there when the monitoring starts counts) is not carried over: the rule sees objects created from then on':
        '。flco=y (監視開始時にすでにあるファイルも対象にする) は引き継いでいません。ルールが検知するのはそれ以降に作成されたオブジェクトです',
    '; it has no schedule, so nothing starts it':
        '。スケジュールがないため、何も起動しません',
    "Change Calendar {name} would be {size:,} bytes ({days} event days from {start} to {end}), over the 64 KB limit of an SSM document, and it cannot be split into calendars checked together (their names would pass the {chars:,} characters a schedule's input leaves for them); it is not written and the job's schedules stay DISABLED. Convert with a shorter --horizon (and again before it ends)":
        'Change Calendar {name} は {size:,} バイト ({start} から {end} までのイベント日 {days} 日) になり、SSM ドキュメントの上限 64 KB を超えます。まとめて確認する複数のカレンダーにも分割できない (名前の合計がスケジュールの入力に残る {chars:,} 文字を超える) ため、書き出していません。ジョブのスケジュールは DISABLED のままです。--horizon を短くして変換してください (期間が終わる前に再度変換が必要です)',
    'Change Calendar {name} would be {size:,} bytes ({days} event days from {start} to {end}), over the 64 KB of one SSM document; it is written as {count} calendars ({first} to {last}, each answering for its own dates) that the schedules name together: GetCalendarState answers OPEN only when all of them are open':
        'Change Calendar {name} は {size:,} バイト ({start} から {end} までのイベント日 {days} 日) になり、SSM ドキュメント 1 つの上限 64 KB を超えるため、{count} 個のカレンダー ({first} から {last}、それぞれが自分の期間を受け持つ) に分けて書き出し、スケジュールはそれらをまとめて指定します。GetCalendarState はすべてが OPEN のときだけ OPEN を返します',
    'a JP1 event reception monitoring job whose event ID evwid={given} is not hexadecimal (basic[:extended], up to 8 digits each)':
        'イベント ID evwid={given} が 16 進数 (基本部[:拡張部]、各 8 桁まで) ではない JP1 イベント受信監視ジョブ',
    'a template of {size:,} bytes, over the {limit:,} CloudFormation takes':
        '{size:,} バイトのテンプレート (CloudFormation が受け付ける {limit:,} バイトを超過)',
    "ega={value}: JP1's choice when an execution generation ends abnormally":
        'ega={value}: 実行世代が異常終了したときの JP1 の動作指定',
    "its jobnet's state machine polls for a SUCCEEDED run of the waited units for the run's business day, up to a day, then fails (Jobmig.WaitTimedOut)":
        'ジョブネットのステートマシンが、待ち合わせ対象ユニットのその業務日の SUCCEEDED の実行を最大 1 日ポーリングし、その後は失敗します (Jobmig.WaitTimedOut)',
    "nmg={value}: JP1's choice when the waited unit has no generation for the day":
        'nmg={value}: 待ち合わせ対象ユニットにその日の世代がないときの JP1 の動作指定',
    'outputs':
        '出力',
    'resources (one per nested stack, and the failure-notice topic)':
        'リソース (ネストされたスタックごとに 1 つと、障害通知のトピック)',
    's3://{bucket}/{key}':
        's3://{bucket}/{key}',
    'template parameters':
        'テンプレートパラメーター',
    'the root CloudFormation stack that would create the {parts:,} nested stacks would hold {problems}{named}: AWS would refuse it, so cloudformation/template.yaml is not written. Each cloudformation/part-*.yaml stays inside the limits and can be deployed as its own stack (give it its parameters, and NotificationTopicArn for its failure notices); or convert the estate in several runs (a folder or jobnet group at a time), share instance parameters between hosts in the profile ([ssm] hosts, or per_host_parameters = false), or deploy the Terraform output':
        '{parts:,} 個のネストされたスタックを作成するルートの CloudFormation スタックは {problems}{named} を持つことになり、AWS が拒否するため、cloudformation/template.yaml は書き出していません。cloudformation/part-*.yaml はそれぞれ上限内に収まっており、個別のスタックとしてデプロイできます (パラメーターと、障害通知用の NotificationTopicArn を渡してください)。または、全体を何回かに分けて変換する (フォルダーまたはジョブネットのグループごと)、プロファイルでホスト間のインスタンスパラメーターを共有する ([ssm] hosts、または per_host_parameters = false)、Terraform の出力をデプロイする、のいずれかを行ってください',
    '{message} (counted without state machine definitions, as an audit builds none: convert counts at least as many)':
        '{message} (監査は状態マシンの定義を作らないため、定義なしで数えた値です。convert ではこれ以上の数になります)',
    'the script is {size:,} bytes, over the {limit:,} jobmig reads as Groovy: its steps, triggers and build calls are not read':
        'スクリプトは {size:,} バイトで、jobmig が Groovy として読む上限 {limit:,} バイトを超えています。ステップ、トリガー、build 呼び出しは読んでいません',
    'the status-change rule starts the unit on every SUCCEEDED run of the waited units, whenever it comes, and never without one':
        '状態変更ルールは、待ち合わせ対象ユニットが SUCCEEDED で終わるたびに (いつであっても) このユニットを起動し、それがなければ起動しません',
    "uem={value}: JP1's choice for an unmonitored start-condition jobnet":
        'uem={value}: 起動条件付きジョブネットが監視されていないときの JP1 の動作指定',
    'unit {name}: not carried over: {what}; instead {instead}':
        'ユニット {name}: {what} は引き継いでいません。代わりに、{instead}',
    '{count:,} {what}, over the {limit:,} a stack may hold':
        '{what} {count:,} 個 (1 スタックの上限 {limit:,} を超過)',
    "{name} sends event {event} with PutEvents (source {source}, detail-type '{detail_type}', the event id, message, severity and extended attributes in the detail)":
        "{name} は PutEvents でイベント {event} を送信します (source {source}、detail-type '{detail_type}'、detail にイベント ID、メッセージ、重大度、拡張属性)",
    '{name} waits for JP1 event {event}':
        '{name} は JP1 イベント {event} を待ちます',
    '{name}: {key}={value} is not matched ({why}); the rule matches without it, so events it would reject also count':
        '{name}: {key}={value} は照合していません ({why})。ルールはこの条件なしで照合するため、本来は除外されるイベントも対象になります',
    '{name}: {key}={value} is not matched ({why}); the rule matches without it, so events it would reject also start a run':
        '{name}: {key}={value} は照合していません ({why})。ルールはこの条件なしで照合するため、本来は除外されるイベントでも実行が始まります',
    'unit {name} was not read: it is inside the comment opened at line {line} and never closed':
        'ユニット {name} は読み込んでいません: {line} 行目で始まり閉じていないコメントの中にあります',
    '; AJSPRE_ST=a: the recovery unit runs after {names} ended abnormally':
        '。AJSPRE_ST=a: リカバリーユニットは {names} の異常終了後に実行されます',
    '; AJSPRE_RC: its return code, carried in the error that starts the recovery (-1 when it was not started or was stopped, as JP1 sets for a job that failed to start or was killed)':
        '。AJSPRE_RC: その戻り値 (リカバリーを起動するエラーに載せて渡します。起動できなかった場合や停止された場合は、JP1 が起動失敗や強制終了のジョブに設定するのと同じく -1)',
    "; AJSPRE_ST and AJSPRE_RC: the worst end of {names} and the bitwise OR of their return codes, computed by the script's first lines":
        '。AJSPRE_ST と AJSPRE_RC: {names} のうち最も重い終了状態と戻り値のビット OR (スクリプトの先頭行で計算)',
    "; AJSEXECID: the name of the execution that runs it (the workflow run's, the same for all its jobs, up to 80 characters where JP1's job execution ID has 10)":
        '。AJSEXECID: 実行しているエグゼキューションの名前 (ワークフロー実行単位で、その中のジョブすべてに共通。JP1 の実行 ID は 10 文字ですが、最大 80 文字)',
    "jobmig passes {converted} only to a command job run through {shell_document} or {powershell_document} (by running it through a document of the stack's own), as an ECS task, an AWS Batch job or a Lambda function":
        'jobmig が {converted} を渡せるのは、{shell_document} か {powershell_document} で実行するコマンドジョブ (スタック独自のドキュメント経由で実行)、ECS タスク、AWS Batch ジョブ、Lambda 関数だけです',
    'AJSHOST: JP1 sets the name of the manager host that requested the job; Step Functions requests it, which has no host name':
        'AJSHOST: JP1 はジョブの実行を要求したマネージャーホストの名前を設定しますが、ここで要求するのは Step Functions で、ホスト名がありません',
    'a recovery unit: JP1 sets the return code of {failed}, which ended abnormally; jobmig carries the code into the error that starts the recovery only from the end check of an SSM command or an ECS task, which {failed} is not (AJSPRE_ST=a is set)':
        'リカバリーユニット: JP1 は異常終了した {failed} の戻り値を設定しますが、jobmig が戻り値をリカバリーを起動するエラーに載せるのは SSM コマンドか ECS タスクの終了確認からだけで、{failed} はそのどちらでもありません (AJSPRE_ST=a は設定します)',
    'a recovery unit after several units ({failed}): JP1 sets the bitwise OR of their return codes, but the Catch of whichever ended abnormally starts it, with that unit\'s error alone (AJSPRE_ST=a is set)':
        '複数のユニット ({failed}) の後のリカバリーユニット: JP1 はそれらの戻り値のビット OR を設定しますが、ここでは異常終了したユニットの Catch がそのユニットのエラーだけを持って起動します (AJSPRE_ST=a は設定します)',
    "the preceding unit's end is not at hand":
        '先行ユニットの終了情報が得られません',
    'the first unit of the nested jobnet {parent}: JP1/AJS3 sets n and 0 when there is no preceding job or jobnet (Command Reference, table 1-7) and does not say whether the unit before {parent} in its parent jobnet counts; jobmig sets neither rather than guess':
        'ネストしたジョブネット {parent} の最初のユニット: JP1/AJS3 は先行ジョブや先行ジョブネットがない場合に n と 0 を設定します (コマンドリファレンス 表1-7) が、親ジョブネットで {parent} の前にあるユニットを先行とみなすかどうかは記載がありません。推測を避け、jobmig はどちらも設定しません',
    "after several preceding units JP1 sets the most serious end status and the bitwise OR of their return codes; ASL has no bitwise operation, and only a shell script computes them: a job run through the stack's SSM shell document, or in an ECS or AWS Batch container whose shell is POSIX sh (a Lambda function would have to compute them itself)":
        '先行ユニットが複数ある場合、JP1 は最も重い終了状態と戻り値のビット OR を設定します。ASL にはビット演算がないため、計算できるのはシェルスクリプトだけです: スタックの SSM シェルドキュメントで実行するジョブ、またはシェルが POSIX sh の ECS か AWS Batch のコンテナー (Lambda 関数では関数自身が計算する必要があります)',
    'after several preceding units the codes are taken only from the branches of the Parallel state right before the unit, each ending with one of them':
        '先行ユニットが複数ある場合、戻り値を取れるのは、このユニットの直前にある Parallel ステートの各ブランチが先行ユニットのいずれかで終わるときだけです',
    'the preceding unit does not run right before it in the state machine':
        'ステートマシンでは先行ユニットがこのユニットの直前に実行されません',
    '{name} is a nested jobnet, whose end its child state machine does not pass back':
        '{name} はネストしたジョブネットで、子ステートマシンは終了情報を返しません',
    '{name} is a judgment job: a Choice state, with no end or return code':
        '{name} は判定ジョブ (Choice ステート) で、終了状態も戻り値もありません',
    '{name} is an OR job: a Pass state where branches meet, with no return code':
        '{name} は OR ジョブ (ブランチが合流する Pass ステート) で、戻り値がありません',
    '{name} is an event unit (file watch, event wait or send): no return code':
        '{name} はイベント系ユニット (ファイル監視、イベント受信または送信) で、戻り値がありません',
    '{name} is not converted as a job with a return code':
        '{name} は戻り値のあるジョブとして変換されていません',
    '{name} runs as a Lambda function, which has no return code':
        '{name} は Lambda 関数として実行され、戻り値がありません',
    '{name} runs with retry or recovery inside a Parallel state, which drops its result':
        '{name} は Parallel ステート内で再実行またはリカバリー付きで実行され、その結果は捨てられます',
    '{code}: {message}':
        '{code}: {message}',
    ' during hour(s) {hours}':
        ' ({hours} 時台)',
    '{expression} fires every minute{during}':
        '{expression} は毎分起動します{during}',
    '{expression} is in UTC; the legacy zone {zone} changes its offset for DST, so local run times shift by the DST offset part of the year':
        '{expression} は UTC です。旧環境のタイムゾーン {zone} は夏時間でオフセットが変わるため、年の一部の期間は現地の実行時刻が夏時間の差だけずれます',
    '{expression} fires at {hit} {zone}, a local time that is {kind} when clocks change ({start}-{end} on {day})':
        '{expression} は {zone} の {hit} に起動しますが、この現地時刻は時計の切り替え時 ({day} の {start}-{end}) に{kind}',
    'skipped':
        '存在しません',
    'repeated':
        '2 回現れます',
    'runs every minute and sleeps {seconds} s in the command: a sub-minute loop EventBridge cannot fire':
        '毎分起動し、コマンド内で {seconds} 秒スリープしています: EventBridge では起動できない 1 分未満の繰り返しです',
    ' (and {count} more)':
        ' (ほか {count} 件)',
    'jobs/ layout':
        'jobs/ の配置',
    'file name':
        'ファイル名',
    'parent folder name':
        '親フォルダー名',
    ' ({count} of them schedules)':
        ' (うちスケジュール {count} 件)',
    '; a converted evsj puts host and user in its event only when the unit names ex= and un=: an event without them never matches this condition':
        '。変換した evsj のイベントに host と user が入るのは、そのユニットに ex= と un= がある場合だけです。これらのないイベントはこの条件に一致しません',
    'folder':
        'フォルダー',
    'multibranch project':
        'マルチブランチプロジェクト',
    'organization folder':
        'Organization フォルダー',
    'no ej test':
        'ej の判定条件なし',
    ' (JP1 default)':
        ' (JP1 のデフォルト)',
    'rc {operator} {value}{default}':
        '戻り値 {operator} {value}{default}',
    'rc inside {low}..{high}':
        '戻り値が {low}..{high} の範囲内',
    'rc outside {low}..{high}':
        '戻り値が {low}..{high} の範囲外',
    'file {path} exists':
        'ファイル {path} が存在する',
    'file {path} does not exist':
        'ファイル {path} が存在しない',
    '{more} more syntax problems in this file from here on (only the first {limit} are listed one by one; fix those and convert again)':
        'このファイルのここから先に構文の問題がほかに {more} 件あります (1 件ずつ示すのは最初の {limit} 件のみ。それらを直してもう一度変換してください)',
    '1 more syntax problem in this file from here on (only the first {limit} are listed one by one; fix those and convert again)':
        'このファイルのここから先に構文の問題がほかに 1 件あります (1 件ずつ示すのは最初の {limit} 件のみ。それを直してもう一度変換してください)',
    "markup, not a cron entry: {value!r}":
        "マークアップで、cron のエントリーではありません: {value!r}",
    "read as a crontab although the file starts with markup that is no XML document: "
    "{count} line(s) of markup between lines {first} and {last}, cron entries after them":
        "ファイルの先頭が XML 文書として解析できないマークアップですが、crontab として読みました:"
        " {first} 行目から {last} 行目までにマークアップが {count} 行、その後に cron のエントリー"
        "があります",
    "a cron entry where a JP1 unit should be, not read: {value!r}":
        "JP1 のユニットがあるべき所に cron のエントリがあり、読み込んでいません: {value!r}",
    "a cron entry where the XML should go on, not read: {value!r}":
        "XML が続くはずの位置にある cron のエントリーで、読み込まれていません: {value!r}",
}
