"""The vocabulary of xiaoben: records, enums, rules, tier results and their validation.

Imports nothing of ours beyond this package, and does no I/O. Import each name from its
module (xiaoben.models.customer, .rules, …): this package re-exports nothing, so a command
that needs only the catalogue or the rules does not load the records' validators (phone
numbers, e-mail, the lunar calendar).
"""
