"""Personal data (Nghị định 13/2023/NĐ-CP): ``privacy`` (notice, consent, deletion on request).

Contract: imports ``dossier.common`` slot names, ``core``, ``clients`` only.
"""
