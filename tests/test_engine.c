/* test_engine.c: not written yet */
int main(void)
{
	return 77;
}
