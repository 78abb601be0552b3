/* type_kind_changed_variable: tkv_msg becomes a union (same size); the variable tkv_cur holds one by value. */
struct tkv_msg {
	int a;
};

struct tkv_msg tkv_cur;
