"""Everything that knows docx: the template contract, rendering with docxtpl, the guard
for untrusted packages, raw OOXML and content-control forms."""
