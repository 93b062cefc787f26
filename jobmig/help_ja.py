"""Japanese for ``jobmig --help``: every command's and option's help text.

See :mod:`jobmig.help_i18n`.

Keys are the English text exactly as click holds it: an option's ``help=``, or one
paragraph of a command's docstring (paragraphs are separated by a blank line; an
``Example: ...`` paragraph needs no entry, only its first word is translated). A test
checks that every help text of the command line has an entry here.
"""

HELP_JA: dict[str, str] = {
    # the program and its commands (paragraphs of the docstrings)
    "Move batch jobs off crontab, JP1/AJS3 and Jenkins onto AWS Step Functions, EventBridge "
    "and SSM Change Calendars, with a readiness report of what still needs a person.":
        "crontab、JP1/AJS3、Jenkins のバッチジョブを AWS Step Functions、EventBridge、"
        "SSM Change Calendar へ移行します。人手での対応が残る箇所は移行準備状況レポートに"
        "まとめます。",
    "Convert exported jobs into plan.json, state machines, templates and a report.":
        "エクスポートしたジョブを plan.json、ステートマシン、テンプレート、レポートに変換します。",
    "Inventory and migration readiness of exported jobs, in the terminal.":
        "エクスポートしたジョブの棚卸しと移行準備状況を端末に表示します。",
    "Exit codes: 0 ready (or no --fail-on), 1 jobs at or beyond --fail-on, 2 usage error.":
        "終了コード: 0 移行可能 (または --fail-on 指定なし)、1 --fail-on の水準以上のジョブあり、"
        "2 使い方の誤り。",
    "Show what one cron expression becomes on EventBridge, and when both fire.":
        "cron 式が EventBridge でどう表現されるか、両者がいつ起動するかを表示します。",
    "Simulate legacy and AWS fire times for every job and report any difference.":
        "全ジョブについて旧環境と AWS の起動時刻をシミュレーションし、差異を報告します。",
    "Exit codes: 0 every compared job is equivalent, 1 a compared job differs (a\n"
    "difference declared by a review finding too) or could not be evaluated, 2 usage\n"
    "error. Jobs not compared (no schedule, not converted, disabled or manual) are\n"
    "counted in the summary line.":
        "終了コード: 0 比較したジョブはすべて同等、1 差異のあるジョブ (要確認の指摘事項で"
        "申告済みの差異も含む) または評価できなかったジョブあり、2 使い方の誤り。比較しなかった"
        "ジョブ (スケジュールなし、未変換、無効、手作業) は最後の集計行に件数を示します。",
    "Print the dependency graph of the exported jobs.":
        "エクスポートしたジョブの依存関係グラフを出力します。",
    "Group jobs into migration waves and list every dependency a wave boundary cuts.":
        "ジョブを移行ウェーブに分け、ウェーブの境界で切れる依存関係をすべて一覧にします。",
    "What changed between two conversions: jobs, CloudFormation resources, stale decisions.":
        "二つの変換結果の差分 (ジョブ、CloudFormation リソース、古くなった判断) を表示します。",
    "Exit codes: 0 (or nothing at --fail-on), 1 changes at --fail-on, 2 unreadable or "
    "mismatched inputs.":
        "終了コード: 0 (または --fail-on の対象なし)、1 --fail-on の対象となる変更あり、"
        "2 入力を読み取れない、または対応しない。",
    "List the finding catalogue, or explain one code and what to do about it.":
        "指摘事項のカタログを一覧表示します。コードを指定すると、その内容と対処を説明します。",
    "Create or update the stack of a converted folder through a CloudFormation change set.":
        "変換結果のフォルダのスタックを CloudFormation の変更セットで作成または更新します。",
    "Exit codes: 0 deployed (or nothing to change, or --dry-run), 1 CloudFormation\n"
    "refused or the stack failed (the failed resource's reason is printed), 2 usage error.":
        "終了コード: 0 デプロイ完了 (変更なし、または --dry-run を含む)、1 CloudFormation が"
        "拒否した、またはスタックが失敗した (失敗したリソースの理由を表示)、2 使い方の誤り。",
    # options and arguments
    "Print the version and exit.": "バージョンを表示して終了します。",
    "Files and folders to read (mixed formats are fine).":
        "読み込むファイルとフォルダ (形式が混在していても構いません)。",
    "Output folder (created; see --force).": "出力先フォルダ (自動で作成。--force も参照)。",
    "IANA zone the legacy scheduler ran in, e.g. Asia/Tokyo (default: UTC, reported).":
        "旧スケジューラが動いていたタイムゾーン (IANA 名。例: Asia/Tokyo)。省略時は UTC とし、"
        "その旨をレポートに記載します。",
    "scheduler: EventBridge Scheduler in local time; rules: EventBridge rules in UTC.":
        "scheduler: EventBridge Scheduler (現地時刻)、rules: EventBridge ルール (UTC)。",
    "Read every file as this format instead of detecting it: crontab, jenkins, jenkinsfile, "
    "jp1.":
        "形式を自動判定せず、すべてのファイルをこの形式として読み込みます: crontab、jenkins、"
        "jenkinsfile、jp1。",
    "Read every file as this format instead of detecting it: crontab, jenkins, jenkinsfile, "
    "jp1. (--format md: as --to md)":
        "形式を自動判定せず、すべてのファイルをこの形式として読み込みます: crontab、jenkins、"
        "jenkinsfile、jp1 (--format md は --to md と同じ)。",
    "Text encoding of the inputs (default: UTF-8, then CP932 for JP1).":
        "入力ファイルの文字コード (省略時は UTF-8、JP1 では続けて CP932 を試します)。",
    "Text encoding of the inputs.": "入力ファイルの文字コード。",
    "user or system: override crontab kind detection.":
        "user または system: crontab の種類の自動判定を上書きします。",
    "user or system.": "user または system。",
    "Jenkins full name a lone Jenkinsfile belongs to.":
        "単独の Jenkinsfile が属する Jenkins ジョブのフルネーム。",
    "Change Calendar horizon, END or START:END (default: through next year).":
        "Change Calendar の期間。END または START:END (省略時は翌年末まで)。",
    "Change Calendar horizon, END or START:END.":
        "Change Calendar の期間。END または START:END。",
    "Closed days not in the export: 'jp' or an .ics/.csv file.":
        "エクスポートに含まれない休業日: 'jp' (日本の祝日) または .ics/.csv ファイル。",
    "Closed days: 'jp' or an .ics/.csv file.":
        "休業日: 'jp' (日本の祝日) または .ics/.csv ファイル。",
    "Mapping profile TOML: what runs each job (SSM, ECS, Batch, Lambda).":
        "マッピングプロファイル (TOML): 各ジョブを何で実行するか (SSM、ECS、Batch、Lambda)。",
    "Mapping profile TOML.": "マッピングプロファイル (TOML)。",
    "Add failure notices (FAILED/TIMED_OUT/ABORTED → SNS topic parameter).":
        "異常終了の通知を追加します (FAILED/TIMED_OUT/ABORTED → SNS トピックのパラメータ)。",
    "Duplicate-run guard: auto (where the legacy scheduler forbade overlap), on, off.":
        "多重起動の防止: auto (旧スケジューラが多重起動を禁止していた箇所のみ)、on、off。",
    "Replace jobmig's files in an existing output folder.":
        "既存の出力先フォルダにある jobmig のファイルを置き換えます。",
    "Exit 1 when any finding is an error or needs manual work.":
        "エラーまたは手作業が必要な指摘事項が一件でもあれば終了コード 1 で終了します。",
    "Language of reports and explanations: en or ja (default: ja when LANG is ja_*, else en).":
        "レポートと説明の言語: en または ja (省略時は LANG が ja_* なら ja、それ以外は en)。",
    "Write only this wave of `jobmig waves` (e.g. wave-01), with its cutover checklist.":
        "`jobmig waves` のこのウェーブ (例: wave-01) だけを、切り替え手順とともに出力します。",
    "With --wave or --waves: most jobs per wave, as for jobmig waves.":
        "--wave または --waves と併用: 1 ウェーブあたりの最大ジョブ数 (jobmig waves と同じ)。",
    "With --wave or --waves: component, host or jobnet, as for jobmig waves.":
        "--wave または --waves と併用: component、host、jobnet のいずれか (jobmig waves と同じ)。",
    "Write every wave into its own folder OUT/<wave> (one CloudFormation stack each, as "
    "--wave writes it), with waves.md and waves.json.":
        "ウェーブごとにフォルダ OUT/<wave> へ出力します (--wave と同じく、ウェーブごとに "
        "CloudFormation スタックを一つ)。waves.md と waves.json も出力します。",
    "Review decisions TOML ([[accept]] job, code, reason): accepted findings are marked, "
    "stale ones reported.":
        "レビュー判断の TOML ([[accept]] に job、code、reason): 承認済みの指摘事項に印を付け、"
        "該当しなくなった判断を報告します。",
    "Folder keeping parse results for re-runs (default: jobmig in $XDG_CACHE_HOME or "
    "~/.cache); a changed file is read again.":
        "再実行のために解析結果を保存するフォルダ (省略時は $XDG_CACHE_HOME または ~/.cache "
        "の下の jobmig)。変更されたファイルは読み直します。",
    "Read every file afresh; keep nothing for later runs.":
        "すべてのファイルを読み直し、次回の実行のためには何も保存しません。",
    "Also write the report to FILE (.html, .md, .json or .csv).":
        "レポートを FILE にも書き出します (.html、.md、.json、.csv)。",
    "Exit 1 if any job is manual (or review or worse).":
        "手作業 (review を指定した場合は要確認以上) のジョブがあれば終了コード 1 で終了します。",
    "scheduler or rules (as for convert).": "scheduler または rules (convert と同じ)。",
    "A crontab or Jenkins cron expression (quote it).":
        "crontab または Jenkins の cron 式 (引用符で囲んでください)。",
    "Zone the expression runs in.": "cron 式を評価するタイムゾーン。",
    "vixie (crontab) or jenkins (H, ANDed days).":
        "vixie (crontab) または jenkins (H 記法、日と曜日は AND 条件)。",
    "Jenkins job full name (seeds H).": "Jenkins ジョブのフルネーム (H の値の元になります)。",
    "scheduler or rules.": "scheduler または rules。",
    "Print JSON for scripts.": "スクリプト向けに JSON で出力します。",
    "An output folder written by jobmig convert.": "jobmig convert が書き出した出力先フォルダ。",
    "First day to simulate, YYYY-MM-DD (default: the plan's horizon start).":
        "シミュレーションの開始日 YYYY-MM-DD (省略時は計画の期間の開始日)。",
    "Number of days to simulate.": "シミュレーションする日数。",
    "Output format of the graph (--format is the input format).":
        "グラフの出力形式 (--format は入力形式の指定です)。",
    "waves.json of an earlier run (jobmig waves --json): jobs already in a wave keep it and its name; the others go into new waves numbered after them.":
        "以前の実行の waves.json (jobmig waves --json の出力): すでにウェーブに入っているジョブはそのウェーブと名前を保ち、それ以外のジョブはその後の番号の新しいウェーブに入ります。",
    "Most jobs per wave (a state machine larger than this stays whole).":
        "1 ウェーブあたりの最大ジョブ数 (これより大きいステートマシンは分割しません)。",
    "Group first by: component, host or jobnet.":
        "最初のグループ分けの単位: component、host、jobnet のいずれか。",
    "Print the waves and cut dependencies as JSON.":
        "ウェーブと切れる依存関係を JSON で出力します。",
    "md: print Markdown with a cutover checklist per wave (default: tables).":
        "md: ウェーブごとの切り替え手順付きの Markdown を出力します (省略時は表形式)。",
    "The earlier conversion: a convert output folder or its plan.json.":
        "比較元の変換結果: convert の出力先フォルダ、またはその plan.json。",
    "The later conversion (folder or plan.json).":
        "比較先の変換結果 (フォルダまたは plan.json)。",
    "Print JSON for scripts (same as --format json).":
        "スクリプト向けに JSON で出力します (--format json と同じ)。",
    "table, md (a change ticket) or json.": "table、md (変更チケット向け)、json のいずれか。",
    "Exit 1 on any change (changes) or on a resource that would be replaced (replacements).":
        "変更があれば (changes)、または置き換えになるリソースがあれば (replacements) 終了コード "
        "1 で終了します。",
    "One code to explain, e.g. JM105.": "説明するコード (例: JM105)。",
    "CloudFormation stack to create or update.": "作成または更新する CloudFormation スタック。",
    'JSON file: {"Key": "value"} or [{"ParameterKey": ..., "ParameterValue": ...}].':
        'JSON ファイル: {"Key": "value"} または [{"ParameterKey": ..., "ParameterValue": ...}]。',
    "KEY=VALUE (repeatable; wins over --parameters).":
        "KEY=VALUE (複数指定可。--parameters より優先)。",
    "AWS region (default: boto3's configuration).": "AWS リージョン (省略時は boto3 の設定)。",
    "Another endpoint for CloudFormation and S3, e.g. a moto server.":
        "CloudFormation と S3 の別のエンドポイント (例: moto サーバ)。",
    "S3 bucket for nested templates and templates over 51,200 bytes.":
        "ネストしたテンプレートと 51,200 バイトを超えるテンプレートを置く S3 バケット。",
    "Show the change set, delete it, change nothing.":
        "変更セットを表示して削除します。何も変更しません。",
    # click's own help option
    "Show this message and exit.": "このヘルプを表示して終了します。",
}

# The words of the help layout itself (typer's panels, click's usage line)
LAYOUT_JA: dict[str, str] = {
    "Usage:": "使い方:",
    "Arguments": "引数",
    "Options": "オプション",
    "Commands": "コマンド",
    "Example:": "例:",
    "[required]": "[必須]",
    "[default: {}]": "[既定値: {}]",
}
