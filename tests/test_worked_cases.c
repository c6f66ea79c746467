/* test_worked_cases.c: not written yet */
int main(void)
{
	return 77;
}
