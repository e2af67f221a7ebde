"""Import and export in admin (django-import-export) with the rows' resources
(pathways/resources.py): admin's file limits and formats, and an editor's regions."""

from import_export.admin import ImportExportMixin

from .. import safe_files
from .csv_format import SpreadsheetCSV
from .regions import region_ids


class RegionalImportExportMixin(ImportExportMixin):
    # Size, row and unpacked-size limits on import, formulas escaped on export (safe_files.py).
    formats = [safe_files.CSV, safe_files.XLSX]
    import_formats = [SpreadsheetCSV, safe_files.XLSX]  # semicolons and Windows-1252 too
    import_form_class = safe_files.ImportForm
    # The preview as a list of changes in words (ChangeInWords), not a table of every row.
    import_template_name = "admin/pathways/import.html"

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", safe_files.unreadable(e))

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {
            **super().get_resource_kwargs(request, *args, **kwargs),
            "regions": region_ids(request),
        }

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
