-- Nothing on PostgreSQL (see the H2 migration of the same version).
SELECT 1;
