"""A document's work items in Excel, in one layout for every job.

- `layout`: the columns, their labels and the header (what each column holds);
- `workbooks`: the board's export, the empty template, the completion report;
- `imports`: a filled workbook read, checked and added to a document.
"""
