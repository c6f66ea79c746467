/* test_workload.c: not written yet */
int main(void)
{
	return 77;
}
