import ExoCore

/// Everything exod persists. Services depend on this protocol (or one of its parts), never on
/// SQLite, so a PostgreSQL implementation can be dropped in for multi-node setups.
///
/// Conventions for every implementation: lookups return nil for a missing row; updates and
/// deletes of a missing row throw `.notFound`; unique violations throw `.conflict` with `field`
/// naming the clashing column; other failures throw `.internalError` with the cause for the log.
public protocol Store: UserStore, TokenStore, AppStore, DeploymentStore, ImageStore, AddonStore, AliasStore {}
