from report_builder.cli import run

run()
