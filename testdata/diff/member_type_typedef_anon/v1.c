/* member_type_typedef_anon: member n of the anonymous struct typedef'd as tn_t changes from int to float. */
typedef struct { int n; int m; } tn_t;

int tn_f(tn_t *p) { return p->m; }
