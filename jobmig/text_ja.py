"""Japanese for the sentences jobmig's reports and terminal show (see :mod:`jobmig.i18n`).

Keys are the English text exactly as the code passes it to :func:`jobmig.i18n.tr`
(``{name}`` placeholders kept); a test checks that every such text has an entry.
"""

JA: dict[str, str] = {
    # headings and labels
    "Migration readiness report": "移行準備状況レポート",
    "migration readiness report": "移行準備状況レポート",
    "Summary": "概要",
    "Sources": "入力ファイル",
    "Findings": "指摘事項",
    "Findings and what to do": "指摘事項と対処",
    "Timing risks": "実行タイミングのリスク",
    "Timing": "実行タイミング",
    "Change Calendars": "Change Calendar 一覧",
    "Change Calendars needed": "必要な Change Calendar",
    "Calendars": "カレンダー",
    "Cross-workflow dependencies": "ワークフロー間の依存関係",
    "Dependencies": "依存関係",
    "EventBridge rules and join gates": "EventBridge ルールと結合ゲート",
    "Dependency graph": "依存関係グラフ",
    "Graph": "グラフ",
    "Jobs": "ジョブ数",
    "Jobs by status": "状態別のジョブ数",
    "Top findings": "主な指摘事項",
    "Note": "注記",
    "What to do": "対処",
    # table headers
    "Auto": "自動変換",
    "Review": "要確認",
    "Manual": "手作業",
    "Severity": "重要度",
    "Occurrences": "件数",
    "Where": "場所",
    "Job": "ジョブ",
    "Message": "メッセージ",
    "File": "ファイル",
    "Files": "ファイル",
    "Format": "形式",
    "Skipped": "スキップ",
    "Status": "状態",
    "Risk": "リスク",
    "Detail": "詳細",
    "Calendar": "カレンダー",
    "Type": "タイプ",
    "Time zone": "タイムゾーン",
    "Horizon": "期間",
    "Days": "日数",
    "Gates jobs": "制御するジョブ",
    "From": "先行",
    "To": "後続",
    "Condition": "条件",
    "Realized as": "AWS での実現方法",
    "Source": "定義の場所",
    "Legacy schedule": "旧スケジュール",
    "AWS schedules": "AWS のスケジュール",
    "Name": "名前",
    "Kind": "種類",
    "Target": "移行先",
    "Code": "コード",
    "Finding": "指摘事項",
    "Count": "件数",
    "Share": "割合",
    "State machine": "ステートマシン",
    "Title / what to do": "内容 / 対処",
    "total": "合計",
    "yes": "はい",
    "not given": "指定なし",
    "not read": "読み込まず",
    # sentences
    " (assumed: the sources did not say)": " (仮定: 定義に記載なし)",
    " (assumed)": " (仮定)",
    "Calendar horizon: **{start} to {end}**": "カレンダーの期間: **{start} から {end}**",
    "Calendar horizon <b>{start} → {end}</b>": "カレンダーの期間 <b>{start} → {end}</b>",
    "Target: **{target}** · Time zone: **{zone}**": "移行先: **{target}** · タイムゾーン: **{zone}**",
    "{start} to {end}": "{start} から {end}",
    "Findings: {total} ({error} error, {manual} manual, {review} review, {info} info).":
        "指摘事項: {total} 件 (エラー {error}、手作業 {manual}、要確認 {review}、情報 {info})。",
    "Jobs that run more often than once a minute (**sub-minute**: not possible on "
    "EventBridge), every minute (**every-minute**: the AWS floor), or at local times that DST "
    "skips or repeats (**dst**).":
        "1 分より短い間隔で実行するジョブ (**sub-minute**: EventBridge では不可)、毎分実行する"
        "ジョブ (**every-minute**: AWS の最小間隔)、夏時間で飛ぶまたは重なる現地時刻に実行する"
        "ジョブ (**dst**)。",
    "Jobs that run more often than once a minute (<b>sub-minute</b>: EventBridge cannot), "
    "every minute (<b>every-minute</b>: the AWS floor), or at local times DST skips or repeats "
    "(<b>dst</b>).":
        "1 分より短い間隔で実行するジョブ (<b>sub-minute</b>: EventBridge では不可)、毎分実行"
        "するジョブ (<b>every-minute</b>: AWS の最小間隔)、夏時間で飛ぶまたは重なる現地時刻に"
        "実行するジョブ (<b>dst</b>)。",
    "No dependencies between jobs.": "ジョブ間の依存関係はありません。",
    "Showing {shown} of {total} jobs that have dependencies (connected groups in id order, "
    "capped); report.json lists every edge.":
        "依存関係のあるジョブ {total} 件のうち {shown} 件を表示しています (つながったグループを"
        "識別子の順に、上限まで)。すべての依存関係は report.json にあります。",
    "Showing {shown} of {total} jobs that have dependencies (connected groups in id order, up "
    "to the cap). report.json lists all {edges} edges.":
        "依存関係のあるジョブ {total} 件のうち {shown} 件を表示しています (つながったグループを"
        "識別子の順に、上限まで)。{edges} 件の依存関係はすべて report.json にあります。",
    "No findings.": "指摘事項はありません。",
    "None found.": "該当なし。",
    "None needed.": "不要です。",
    "None.": "なし。",
    "No sources.": "入力ファイルはありません。",
    "Renew each calendar before its horizon ends.": "各カレンダーは期間が終わる前に更新してください。",
    "Change Calendars must be renewed by {date} ({names}).":
        "Change Calendar を {date} までに更新してください ({names})。",
    "<b>{share}</b> of {jobs} jobs convert ({auto} as they are, {review} with a difference "
    "to accept); <b>{manual}</b> need manual work.":
        "{jobs} 件のジョブのうち <b>{share}</b> を変換できます (そのまま {auto} 件、違いの確認が"
        "必要なもの {review} 件)。<b>{manual}</b> 件は手作業が必要です。",
    " Start with the open findings below: each says what to do on AWS.":
        " 下に開いてある指摘事項から着手してください。それぞれ AWS での対処を示しています。",
    "No jobs were found in the sources.": "入力ファイルにジョブが見つかりませんでした。",
    "Auto: converted": "自動変換: 変換済み",
    "Review: converted, check": "要確認: 変換済み、確認が必要",
    "Manual: not converted": "手作業: 未変換",
    "in {n} source files": "入力ファイル {n} 件",
    "{share} of jobs": "全ジョブの {share}",
    "<b>{n}</b> jobs": "<b>{n}</b> 件のジョブ",
    "Each code below explains the finding and what to do on AWS, then lists where it was "
    "seen. Error and manual groups are open.":
        "以下の各コードで、指摘の内容と AWS での対処、見つかった場所を示します。エラーと手作業の"
        "グループは開いた状態で表示しています。",
    "Showing {shown} of {total} occurrences; report.json and report.md list all of them.":
        "{total} 件のうち {shown} 件を表示しています。すべて report.json と report.md にあります。",
    "Showing the first {shown} of {total} rows; report.json lists all of them.":
        "{total} 行のうち先頭の {shown} 行を表示しています。すべて report.json にあります。",
    "Each calendar is computed for the horizon shown; renew it before the horizon ends.":
        "各カレンダーは表示した期間について計算しています。期間が終わる前に更新してください。",
    "Edges between separate state machines and what carries them on AWS (EventBridge rules "
    "on execution status changes, join gates for AND-joins).":
        "別々のステートマシン間の依存関係と、AWS でそれを実現する仕組み (実行状態の変化に対する"
        " EventBridge ルール、AND 結合の結合ゲート)。",
    "{n} files": "{n} ファイル",
    "{n} files: totals per format, then the files that were skipped; report.json lists every "
    "file.":
        "{n} ファイル: 形式ごとの合計と、スキップしたファイルを示します。すべてのファイルは "
        "report.json にあります。",
    "solid: inside one state machine · dashed: rule / join gate / manual":
        "実線: 一つのステートマシン内 · 破線: ルール / 結合ゲート / 手作業",
    "Columns are topological generations: a job stands right of everything it waits for. "
    "Only jobs with dependencies are drawn.":
        "列は依存関係の段を表し、ジョブは待ち合わせるすべてのジョブより右に置かれます。依存関係の"
        "あるジョブだけを描いています。",
    "Filter: name, path, schedule, code…": "絞り込み: 名前、パス、スケジュール、コード…",
    "Filter jobs": "ジョブを絞り込む",
    "All statuses": "すべての状態",
    "Previous": "前へ",
    "Next": "次へ",
    "The job table needs JavaScript; report.csv holds the same rows.":
        "ジョブの表の表示には JavaScript が必要です。同じ内容が report.csv にあります。",
    "{jobs} jobs from {files} files": "{files} ファイルから {jobs} 件のジョブ",
    "Generated by jobmig from plan.json. Secrets in commands, parameters and messages are "
    "shown as ***.":
        "jobmig が plan.json から作成しました。コマンド、パラメーター、メッセージ中の機密情報は"
        " *** で表示しています。",
    "Sources (in {folder})": "入力ファイル ({folder})",
    ": {n} files by format; --report lists each file":
        ": {n} ファイルを形式ごとに集計 (各ファイルは --report で出力)",
    " ({shown} of {total} codes)": " ({total} コード中 {shown} コード)",
    "; {n} more codes not in the table: ": "。表にないコードがあと {n} 件: ",
    ". --report FILE lists every finding with its place.":
        "。--report FILE ですべての指摘事項を場所付きで出力できます。",
    "skipped: {reason}": "スキップ: {reason}",
    "and {n} more skipped files": "ほかにスキップしたファイル {n} 件",
    "This plan adds {total} EventBridge rules{schedules}; the default quota is {quota} rules "
    "per event bus, rules already there included.":
        "この計画で EventBridge ルールを {total} 個追加します{schedules}。既定のクォータは"
        "イベントバスごとに {quota} 個で、既存のルールも含みます。",
    ", {n} of them schedules": " (うち {n} 個はスケジュール)",
}
JA.update({
    # terminal messages of the commands
    "Wrote {files} files to {out}: {jobs} jobs ({auto} auto, {review} review, {manual} manual), "
    "{findings} findings.":
        "{out} に {files} 個のファイルを書き出しました: ジョブ {jobs} 件 (自動変換 {auto}、"
        "要確認 {review}、手作業 {manual})、指摘事項 {findings} 件。",
    "Report written to {path}": "レポートを {path} に書き出しました",
})
JA.update({"code": "コード", "severity": "重要度", "title": "内容"})
JA.update({
    # the job table's script reads these from the page
    "No matching jobs": "該当するジョブはありません",
    "Showing {first}–{last} of {total} jobs": "{total} 件中 {first}–{last} 件を表示",
    " (filtered from {all})": " ({all} 件から絞り込み)",
})
JA.update({
    # convert --wave
    "Cutover checklist: {name} of {total} waves": "切り替え手順: {name} (全 {total} ウェーブ)",
    "This report covers one wave only: the jobs, state machines and rules it moves.":
        "このレポートは一つのウェーブだけを対象とし、そのウェーブで移行するジョブ、"
        "ステートマシン、ルールを示します。",
    "Before": "事前確認",
    "Deploy": "デプロイ",
    "Stop on the legacy scheduler": "旧スケジューラで停止",
    "Enable": "有効化",
    "Interim steps for later waves": "後のウェーブのための暫定措置",
    "Roll back": "切り戻し",
})
JA.update({
    # migration waves (jobmig waves, convert --wave)
    "Migration waves": "移行ウェーブ",
    "Migration waves (by {by}, at most {max_jobs} jobs)":
        "移行ウェーブ (グループ: {by}、1 ウェーブ最大 {max_jobs} ジョブ)",
    "Grouped by {by}, at most {max_jobs} jobs per wave (a state machine is never split). "
    "Predecessors move first.":
        "グループ: {by}、1 ウェーブ最大 {max_jobs} ジョブ (ステートマシンは分割しません)。"
        "先行ジョブから移行します。",
    "{jobs} jobs ({auto} auto, {review} review, {manual} manual)":
        "ジョブ {jobs} 件 (自動変換 {auto}、要確認 {review}、手作業 {manual})",
    ".": "。",
    "Cutover checklist": "切り替え手順",
    "Cuts": "ウェーブ間の依存関係",
    "Cut dependencies": "ウェーブ間の依存関係",
    "No dependency runs between two waves.": "ウェーブをまたぐ依存関係はありません。",
    "Each cut needs an interim step while its later wave runs on the legacy scheduler: see "
    "--to md or --json.":
        "後のウェーブが旧スケジューラで動いている間、各依存関係には暫定措置が必要です。"
        "--to md または --json で確認してください。",
    " and {n} more": " ほか {n} 件",
    "wave": "ウェーブ", "jobs": "ジョブ数", "auto": "自動変換", "review": "要確認",
    "manual": "手作業", "group": "グループ", "job": "ジョブ", "name": "名前", "status": "状態",
    "state machine": "ステートマシン", "state machines": "ステートマシン", "from": "先行",
    "to": "後続", "condition": "条件", "waves": "ウェーブ", "while split": "移行途中の措置",
    "order": "移行順序",
    "until {wave} moves, start {job} on the legacy scheduler when {machine} ends {ends} on AWS "
    "(an EventBridge rule on that status that notifies the legacy scheduler, or an operator "
    "who starts it)":
        "{wave} を移行するまでは、AWS 上の {machine} が {ends} で終わったときに旧スケジューラで"
        " {job} を開始する (その状態に対する EventBridge ルールから旧スケジューラに通知する、"
        "または運用者が開始する)",
    "until {wave} moves, start {job} on the legacy scheduler by hand once {predecessor} has "
    "ended as the legacy condition '{condition}' requires":
        "{wave} を移行するまでは、{predecessor} が旧環境の条件 '{condition}' どおりに終わった"
        "後、旧スケジューラで {job} を手動で開始する",
    "its state machine": "そのステートマシン",
    "{then} moves before {first} (kept from an earlier plan): until {first} moves, start {job} "
    "on AWS by hand once {predecessor} has ended on the legacy scheduler as the legacy "
    "condition '{condition}' requires":
        "{then} は {first} より先に移行します (以前の計画から維持)。{first} を移行するまでは、"
        "{predecessor} が旧スケジューラで旧環境の条件 '{condition}' どおりに終わった後、AWS で"
        " {job} を手動で開始する",
    "move {first} soon: {job} ({then}, kept from an earlier plan) waits for {predecessor}; "
    "disable {predecessor} on the legacy scheduler in the same change that enables it on AWS":
        "{first} を早めに移行する。{job} ({then}、以前の計画から維持) は {predecessor} を待ちます。"
        "{predecessor} は AWS で有効にするのと同じ作業で旧スケジューラ側を無効にする",
    " or ": " または ",
    "move {first} before or together with {then}; disable {job} on the legacy scheduler in "
    "the same change that enables it on AWS":
        "{first} は {then} より先か同時に移行する。{job} は AWS で有効にするのと同じ作業で"
        "旧スケジューラ側を無効にする",
    "deploy the state machines {machines}": "ステートマシン {machines} をデプロイする",
    " and the event rules {rules}": " (イベントルール {rules} を含む)",
    "stop {name} on the legacy scheduler": "旧スケジューラで {name} を停止する",
    "restart {name} on the legacy scheduler": "旧スケジューラで {name} を再開する",
    "comment out the crontab line of {name} ({where})":
        "{name} の crontab の行をコメントアウトする ({where})",
    "restore the crontab line of {name} ({where})": "{name} の crontab の行を元に戻す ({where})",
    "disable the Jenkins job {name}": "Jenkins のジョブ {name} を無効にする",
    "enable the Jenkins job {name}": "Jenkins のジョブ {name} を有効に戻す",
    "cancel the execution registration of the jobnet {name} (ajsleave)":
        "ジョブネット {name} の実行登録を解除する (ajsleave)",
    "register the jobnet {name} for execution again (ajsentry)":
        "ジョブネット {name} を再び実行登録する (ajsentry)",
    "{job} ({wave}) must already run on AWS, or its interim step stays in place: {rule}":
        "{job} ({wave}) が AWS で稼働済みであること。未移行なら暫定措置を続ける: {rule}",
    "{job} ({wave}) still runs on the legacy scheduler: {rule}":
        "{job} ({wave}) はまだ旧スケジューラで動いている: {rule}",
    "{job} ({wave}) moved before this wave and waits for {predecessor}: its interim step ends "
    "with this move ({rule})":
        "{job} ({wave}) はこのウェーブより先に移行済みで {predecessor} を待つ。この移行で暫定措置を"
        "終える ({rule})",
    "enable the schedules {names}": "スケジュール {names} を有効にする",
    "leave disabled until converted (manual jobs): {names}":
        "変換が終わるまで無効のままにする (手作業のジョブ): {names}",
    "disable this wave's schedules and event rules on AWS":
        "AWS 上のこのウェーブのスケジュールとイベントルールを無効にする",
})
JA.update({" (accepted: {reason})": " (承認済み: {reason})"})
JA.update({
    "(accepted: {reason})": "(承認済み: {reason})",
    "; {n} accepted by --decisions": "、うち {n} 件は --decisions で承認済み",
})
JA.update({
    # what convert prints after writing (jobmig.convert_output)
    "Wave {name} ({n} of {total} waves): its cutover checklist is in the report.":
        "ウェーブ {name} (全 {total} ウェーブ中 {n} 番目): 切り替え手順はレポートにあります。",
    "Manual jobs (created disabled, they need a person first):":
        "手作業のジョブ (無効の状態で作成しています。先に人手での対応が必要です):",
    "and {n} more manual jobs (see the report)": "ほかに手作業のジョブが {n} 件 (レポートを参照)",
    "In {out}: {list}": "{out} の出力: {list}",
    "Next steps:": "次の手順:",
    "{root} was not written: AWS would refuse the root stack of the nested stacks (JM544 in "
    "the report says which limit); deploy each cloudformation/part-*.yaml as its own stack, "
    "or use the Terraform output.":
        "{root} は書き出していません: ネストされたスタックのルートスタックは AWS に拒否されます "
        "(どの上限かはレポートの JM544 にあります)。cloudformation/part-*.yaml をそれぞれ別の"
        "スタックとしてデプロイするか、Terraform の出力を使用してください。",
    "open {report} and settle the review and manual findings":
        "{report} を開き、要確認と手作業の指摘事項に対応する",
    "(compares legacy and AWS fire times)": "(旧環境と AWS の起動時刻を比較します)",
    "(or terraform apply in {folder})": "(または {folder} で terraform apply)",
    "... and {n} more {code} in this file (see the report)":
        "... このファイルにはほかに {code} が {n} 件あります (レポートを参照)",
})
JA.update({
    # what convert --waves prints (jobmig.convert_output)
    "Wrote {n} waves to {out}, one folder and one CloudFormation stack each; {index} lists them "
    "in move order with their cutover checklists.":
        "{out} に {n} 個のウェーブを書き出しました (ウェーブごとにフォルダと CloudFormation "
        "スタックを一つずつ)。{index} に移行順と切り替え手順があります。",
    "{files} files, {jobs} jobs ({auto} auto, {review} review, {manual} manual), {findings} "
    "findings":
        "ファイル {files} 個、ジョブ {jobs} 件 (自動変換 {auto}、要確認 {review}、手作業 "
        "{manual})、指摘事項 {findings} 件",
    "Next steps, wave by wave in this order (first: {folder}):":
        "次の手順 (ウェーブごとにこの順で。最初は {folder}):",
    "(one stack per wave, named after it)": "(ウェーブごとに一つのスタック。名前はウェーブ名から)",
})
JA.update({
    # severities as shown (plan.json keeps error/manual/review/info)
    "error": "エラー",
    "info": "情報",
    # the report's section on JP1 event and wait units
    "JP1 event and wait units": "JP1 のイベント・待ち合わせユニット",
    "{converted} of {total} converted; each left manual, and why:":
        "{total} 件中 {converted} 件を変換しました。手作業で残したものとその理由:",
    "Unit": "ユニット",
    "Why not converted": "変換しなかった理由",
    "None left.": "残っているものはありません。",
})
JA.update({
    # why a file was not read (plan.json sources[].reason keeps the English value)
    "documentation": "ドキュメント (エクスポートではない)",
    # plan.json values shown in reports (i18n.plan_word); plan.json keeps the English value
    "plan|success": "正常終了",
    "plan|unstable": "正常終了または警告 (UNSTABLE)",
    "plan|completed": "終了 (正常・警告・異常)",
    "plan|always": "終了状態を問わない",
    "plan|failure": "異常終了",
    "plan|judgment": "判定",
    "plan|state_machine": "ステートマシン内",
    "plan|nested": "ネストした実行",
    "plan|join_gate": "結合ゲート",
    "plan|event_rule": "EventBridge ルール",
    "plan|manual": "手作業",
    "plan|parallel": "Parallel ステート",
    "plan|sequence": "順次実行",
    "plan|child_state_machine": "子ステートマシン",
    "plan|rule": "ルール",
    # progress labels (cli._progress)
    "Reading sources": "入力ファイルを読み込み中",
    "Mapping schedules": "スケジュールを変換中",
    "no known format": "形式が不明",
    "given with --profile": "--profile で指定したファイル",
    "given with --decisions": "--decisions で指定したファイル",
    "given with --holidays": "--holidays で指定したファイル",
    "unreadable": "読み取れない",
    "parser error": "解析エラー",
})
JA.update({"{n} {severity}": "{severity} {n}", ", ": "、"})
JA.update({
    # what verify prints (jobmig.verify); the tab-separated lines keep English words
    "{same}/{compared} compared jobs equivalent; {declared} differ as their review findings "
    "say; {unexpected} unexpected.":
        "比較したジョブ {compared} 件中 {same} 件が同等、{declared} 件は要確認の指摘事項"
        "どおりの差異、{unexpected} 件は想定外の差異です。",
    " {n} jobs not compared ({detail}).": "比較しなかったジョブ {n} 件 ({detail})。",
    " {n} jobs not compared.": "比較しなかったジョブ {n} 件。",
    "{count} {reason}": "{reason} {count} 件",
    "disabled or manual": "無効または手作業",
    "no schedule": "スケジュールなし",
    "not converted": "未変換",
    "result": "結果",
    "legacy runs": "旧環境の実行回数",
    "AWS runs": "AWS の実行回数",
    "first difference": "最初の差異",
    "equivalent": "同等",
    "differs (declared)": "差異あり (申告済み)",
    "differs (unexpected)": "差異あり (想定外)",
    "not compared": "比較せず",
})
JA.update({
    "its AWS triggers are created DISABLED; nothing fires on AWS":
        "AWS のトリガーは無効 (DISABLED) で作成しており、AWS では何も起動しません",
    "legacy only {time}": "旧環境のみ {time}",
    "AWS only {time}": "AWS のみ {time}",
    "{n} missing": "不足 {n} 回",
    "{n} extra": "余分 {n} 回",
    "{n} started twice": "二重起動 {n} 回",
})
JA.update({
    # what diff prints (jobmig.diff); ids, logical IDs and field names stay as they are
    "diff|Jobs": "ジョブ",
    "CloudFormation resources": "CloudFormation リソース",
    "No job was added, removed or changed.": "追加、削除、変更されたジョブはありません。",
    "No resource would change.": "変更されるリソースはありません。",
    "Decisions that became stale": "該当しなくなった判断",
    "Added": "追加", "Removed": "削除", "Changed": "変更", "Replaced": "置き換え",
    "Deleted": "削除", "Modified": "変更",
    "added": "追加", "removed": "削除", "changed": "変更", "replaced": "置き換え",
    "deleted": "削除", "modified": "変更",
    "change": "変更の種類",
    "what changed": "変更内容",
    "logical ID": "論理 ID",
    "Jobs: no job was added, removed or changed.":
        "ジョブ: 追加、削除、変更されたジョブはありません。",
    "CloudFormation: no resource would change.":
        "CloudFormation: 変更されるリソースはありません。",
    "stale decision: {where}: {message}": "該当しなくなった判断: {where}: {message}",
    "Options that differ": "異なるオプション",
    "option differs: {change}": "オプションの違い: {change}",
    "(none)": "(なし)",
    "Findings tied to no job": "ジョブに結び付かない指摘",
    "finding {kind}: {where}: {code} {message}": "指摘 ({kind}): {where}: {code} {message}",
})
JA.update({
    # the HTML report's labels for screen readers and tooltips
    "jobs by status": "状態別のジョブ数",
    "Dependency graph: {nodes} jobs, {edges} edges": "依存関係グラフ: ジョブ {nodes} 件、依存関係 {edges} 本",
})
