"""The ward's rules as async transactions, returning plain records; shared by console and CLI."""
