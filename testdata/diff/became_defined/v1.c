/* became_defined: struct bd is only declared in v1 and defined in v2. */
struct bd;



int bd_f(struct bd *p) { return p != 0; }
