"""Accounts, passwords, sessions, CSRF, the permission guard and roles."""
