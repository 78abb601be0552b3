/* type_kind_changed_typedef_anon: the anonymous struct typedef'd as tku_t becomes an anonymous union (same size). */
typedef struct { int a; } tku_t;

int tku_f(tku_t *p) { return p->a; }
