import ExoSQLite

/// The numbered migrations of exo's SQLite schema. Append only: never edit a shipped migration.
/// Dates are INTEGER Unix seconds (the API shows whole seconds anyway). Foreign keys say what
/// may not dangle: deployments RESTRICT their app's deletion (the service refuses first), while
/// tokens and image records go with their user and app.
enum SQLiteSchema {
    static let migrations: [SQLiteMigration] = [
        SQLiteMigration(version: 1, name: "users, tokens, apps, deployments, images", sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                first_name TEXT NOT NULL DEFAULT '',
                last_name TEXT NOT NULL DEFAULT '',
                is_active INTEGER NOT NULL DEFAULT 0,
                activation_code TEXT,
                date_created INTEGER NOT NULL,
                date_modified INTEGER NOT NULL
            );
            CREATE TABLE tokens (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                date_created INTEGER NOT NULL,
                expires INTEGER NOT NULL
            );
            CREATE INDEX tokens_user ON tokens(user_id);
            CREATE INDEX tokens_expires ON tokens(expires);
            CREATE TABLE apps (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                buildpack_url TEXT,
                owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
                repository_type TEXT NOT NULL DEFAULT 'git',
                date_created INTEGER NOT NULL,
                date_modified INTEGER NOT NULL
            );
            CREATE INDEX apps_owner ON apps(owner_id);
            CREATE TABLE deployments (
                id INTEGER PRIMARY KEY,
                app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE RESTRICT,
                name TEXT NOT NULL,
                dep_id TEXT NOT NULL UNIQUE,
                version TEXT NOT NULL DEFAULT '-1',
                deployed_version TEXT,
                state TEXT NOT NULL DEFAULT 'not deployed' CHECK (state IN ('not deployed', 'deployed', 'idle')),
                min_boxes INTEGER NOT NULL DEFAULT 1 CHECK (min_boxes >= 0),
                max_boxes INTEGER NOT NULL DEFAULT 1 CHECK (max_boxes BETWEEN 1 AND 8),
                stack TEXT NOT NULL DEFAULT 'pinky',
                date_created INTEGER NOT NULL,
                date_modified INTEGER NOT NULL,
                UNIQUE (app_id, name)
            );
            CREATE TABLE images (
                id INTEGER PRIMARY KEY,
                app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
                deployment TEXT NOT NULL,
                sha TEXT NOT NULL,
                path TEXT NOT NULL,
                size INTEGER NOT NULL,
                procfile TEXT NOT NULL,
                date_created INTEGER NOT NULL,
                UNIQUE (app_id, deployment, sha)
            );
            """),
        // Settings are a JSON object as text; an add-on goes with its deployment.
        SQLiteMigration(version: 2, name: "addons", sql: """
            CREATE TABLE addons (
                id INTEGER PRIMARY KEY,
                deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                settings TEXT NOT NULL DEFAULT '{}',
                date_created INTEGER NOT NULL,
                date_modified INTEGER NOT NULL,
                UNIQUE (deployment_id, name)
            );
            """),
        // Custom hostnames; unique across all deployments, since one host leads to one deployment.
        SQLiteMigration(version: 3, name: "aliases", sql: """
            CREATE TABLE aliases (
                id INTEGER PRIMARY KEY,
                deployment_id INTEGER NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
                name TEXT NOT NULL UNIQUE,
                verification_code TEXT NOT NULL,
                date_created INTEGER NOT NULL,
                date_modified INTEGER NOT NULL
            );
            CREATE INDEX aliases_deployment ON aliases(deployment_id);
            """),
    ]
}
