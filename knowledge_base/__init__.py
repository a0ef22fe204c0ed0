"""The national procedure catalog, parsed, and a hybrid Vietnamese search over it.

from knowledge_base import KnowledgeBase
kb = KnowledgeBase.load()
result = kb.search("lam giay khai sinh cho con can gi")
result.abstain, result.hits[0].procedure.documents, result.variants
kb.get("1.001193")
"""

from knowledge_base.search import Hit, KnowledgeBase, SearchResult

__all__ = ["Hit", "KnowledgeBase", "SearchResult"]
