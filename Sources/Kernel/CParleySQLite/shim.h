#include <sqlite3.h>

/* SQLITE_TRANSIENT / SQLITE_STATIC are cast macros Swift cannot import. */
static inline sqlite3_destructor_type parley_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type parley_sqlite_static(void) { return SQLITE_STATIC; }
