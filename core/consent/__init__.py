"""Guardians' consents to sharing a child's data, overrides on a legal basis, and their evidence.

``core.consent.sharing.may_share`` is the one answer to "may this data cross this boundary?".
"""
