/* test_scenario.c: not written yet */
int main(void)
{
	return 77;
}
