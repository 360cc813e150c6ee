"""The last stage of the report: the renderers present a year's document
(`reports.document.Report`) and compute no figure. `page` (the web page's long tables),
`pdf` (the publication and the peer-review PDF), `excel` (the workbook), `json` (the
`report_figures` contract), `snapshot` (a closed year's document kept as JSON) and
`chapters` (the written chapters, Markdown with figure references, as HTML)."""
