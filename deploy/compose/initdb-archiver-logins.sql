-- First start of docker-compose.yml's db (an empty volume): the two logins of docs/deployment.md. The owner owns the
-- database archiver and creates (CREATEROLE) and grants the roles of the migrations; the runtime login owns nothing
-- and gets the role upgrade_history_writer from them at the archiver's first start. The server trusts local
-- connections (POSTGRES_HOST_AUTH_METHOD: trust): set passwords (ALTER ROLE ... PASSWORD) before exposing it.
CREATE ROLE archiver_owner LOGIN CREATEROLE;
CREATE ROLE archiver LOGIN;
ALTER DATABASE archiver OWNER TO archiver_owner;
