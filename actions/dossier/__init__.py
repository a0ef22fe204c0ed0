"""Filing a dossier (hồ sơ): ``entry`` (start, resume, restart, the form's side questions), ``form`` (the validation
of ``dossier_form``), ``questions`` (its action_ask_<slot>), ``choices`` (reading buttons and typed choices),
``checklist`` (the papers and their kinds: required, conditional, alternative; the order of the walk),
``paper_questions`` / ``documents`` (asking for one paper / reading the answer), ``glossary`` (papers explained in
plain words), ``attachments`` (uploads), ``submit`` (summary, filing, receipt, personal store), ``outage`` and
``retry`` (dossiers kept during a backend outage), ``status`` (look-ups and "hồ sơ của tôi"), ``volunteer`` (a
volunteer's chat link), ``common`` (the dossier's slots, keys and personal-store matching).

Contract: imports ``procedures``, ``privacy``, ``rating``, ``core``, ``clients`` and ``common``; nothing imports
dossier except ``fallback`` (the answer to the personal-store offer) and ``feedback`` (the attachment checks).
A paper required in the common case is never sent to the backend as ``not_applicable``; an alternative given is
sent under its own name with "(thay cho <paper>)".
"""
