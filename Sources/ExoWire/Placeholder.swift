// Placeholder until the module lands; see docs/contracts.md.
