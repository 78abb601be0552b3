/* type_kind_changed_variable: tkv_msg becomes a union (same size); the variable tkv_cur holds one by value. */
union tkv_msg {
	int a;
};

union tkv_msg tkv_cur;
