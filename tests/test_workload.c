/* test_workload.c: being rewritten for the interval pipeline (issue 3) */
int main(void)
{
	return 77;
}
