/* test_aws_forms.c: not written yet */
int main(void)
{
	return 77;
}
