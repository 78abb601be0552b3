/* enumerator_value: EV_B of enum ev changes from 1 to 5. */
enum ev {
	EV_A,
	EV_B,
};

int ev_f(enum ev e) { return e == EV_B; }
