"""Write: atomic writes under the manifest, so that nothing is written half-way and no
edited file is overwritten, and reproducible .docx packages."""
