-- Nothing on PostgreSQL: its sequences are logged ahead (see the H2 migration of the same version).
SELECT 1;
