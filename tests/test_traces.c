/* test_traces.c: not written yet */
int main(void)
{
	return 77;
}
