/* libpq's types and constants only: the library itself is opened with dlopen the first
 * time a postgresql:// database is used (see ReadmasterStore/LibPQ.swift), so commands on
 * SQLite or without a database do not load libpq and its ~20 TLS, Kerberos and LDAP
 * dependencies at start-up. */
#include <dlfcn.h>
#include <postgresql/libpq-fe.h>
