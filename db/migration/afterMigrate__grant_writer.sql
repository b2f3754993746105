-- After every migration run (at every start): the runtime login, spring.datasource.username, gets the writer role
-- of V7. A new or renamed runtime login thus needs no manual step. Nothing to do with one login for both, when
-- the migrating login may not grant roles (V7 then created no writer), or when the login is already a member.
DO $grant$
DECLARE
    runtime_login text := btrim($login$ ${archiver_login} $login$);
BEGIN
    IF runtime_login = '' OR runtime_login = current_user
       OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_writer')
       OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = runtime_login)
       OR pg_has_role(runtime_login, 'upgrade_history_writer', 'MEMBER') THEN
        RETURN;
    END IF;
    IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        RAISE NOTICE 'upgrade_history_writer not granted to %: % may not grant roles', runtime_login, current_user;
        RETURN;
    END IF;
    EXECUTE format('GRANT upgrade_history_writer TO %I', runtime_login);
    RAISE NOTICE 'granted upgrade_history_writer to %', runtime_login;
END
$grant$;
