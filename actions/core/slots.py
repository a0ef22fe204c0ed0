"""Slot groups more than one concern reads (bot/domain/dossier.yml defines the slots); each name is listed once.

A dossier in progress survives a new session without its applicant details (asked again, or taken from the
backend's record of this chat): actions/privacy/privacy.py carries ``PROGRESS_SLOTS`` over; actions/dossier/common.py
builds the form's answer and state slots from the same groups.
"""

APPLICANT_SLOTS = ("applicant_name", "applicant_cccd", "applicant_phone", "applicant_address", "applicant_ward")
# What the citizen chose for the dossier (form answers that are not personal data).
DOSSIER_CHOICE_SLOTS = ("dossier_procedure", "dossier_bundle", "dossier_case", "volunteer_consent", "delivery_method")
# Where the dossier stands: its key, checklist and the papers given so far.
DOSSIER_PROGRESS_STATE = (
    "dossier_key",
    "dossier_codes",
    "dossier_title",
    "dossier_items",
    "dossier_item_index",
    "dossier_item_stage",
    "dossier_documents",
    "dossier_volunteer",
)
PROGRESS_SLOTS = DOSSIER_CHOICE_SLOTS + DOSSIER_PROGRESS_STATE
