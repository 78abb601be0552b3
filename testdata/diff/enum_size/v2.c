/* enum_size: enum es becomes packed (1 byte instead of 4, same enumerators); passed by value. */
enum __attribute__((packed)) es {
	ES_A,
	ES_B,
};

int es_f(enum es e) { return e == ES_B; }
