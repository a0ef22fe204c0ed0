"""Filing a dossier (hồ sơ): ``form`` (entry, resume, cancel, validation and questions of ``dossier_form``),
``documents`` (the checklist walk and attachments), ``submit`` (summary, filing, receipt, personal store),
``retry`` (dossiers kept during a backend outage), ``status`` (look-ups and "hồ sơ của tôi"), ``volunteer``
(a volunteer's chat link), ``common`` (the dossier's slots and checklist).

Contract: imports ``procedures``, ``privacy``, ``rating``, ``core``, ``clients`` and ``common``; nothing imports
dossier except ``fallback`` (the answer to the personal-store offer) and ``feedback`` (the attachment checks).
"""
