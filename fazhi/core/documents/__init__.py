"""公文文书: documents generated as .docx from a record's data, numbered (文号) per organisation and year.

A domain declares its document kinds in ``<app>/documents.py`` (:func:`registry.register`); they are
discovered on first use. :func:`services.document_generate` numbers, renders and stores a document
as an attachment of the record, with one audit row.
"""
