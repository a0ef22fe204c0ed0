"""Slot groups more than one concern reads (bot/domain/dossier.yml defines the slots)."""

APPLICANT_SLOTS = ("applicant_name", "applicant_cccd", "applicant_phone", "applicant_address", "applicant_ward")
# A dossier in progress survives a new session without its applicant details (asked again, or taken from the
# backend's record of this chat): actions/privacy/privacy.py carries these over.
PROGRESS_SLOTS = (
    "dossier_procedure",
    "dossier_bundle",
    "dossier_case",
    "delivery_method",
    "dossier_key",
    "dossier_codes",
    "dossier_title",
    "dossier_items",
    "dossier_item_index",
    "dossier_item_stage",
    "dossier_documents",
    "dossier_volunteer",
    "volunteer_consent",
)
