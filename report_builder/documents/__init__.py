"""The documents report-builder makes and reads: the report's and the compilation's
data, the questionnaire, the letters of the call, and importing returned questionnaires."""
