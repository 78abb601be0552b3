/* enumerator_added: enum ea gains EA_C (the enum stays 4 bytes). */
enum ea {
	EA_A,
	EA_B,
};

int ea_f(enum ea e) { return e == EA_B; }
