"""The turns no concern claims: ``fallback`` (low confidence, out of scope, bad input, and the answers to the
bot's yes/no offers, dispatched to the concern that made the offer) and ``small_talk`` (greetings, thanks,
goodbyes and chitchat, unless the message carries a procedure question).

Contract: the top of the package: may import any concern; nothing imports fallback.
"""
