/* test_alarm.c: not written yet */
int main(void)
{
	return 77;
}
