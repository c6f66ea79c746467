resource "aws_appautoscaling_target" "t" {
  resource_id = "endpoint/e
}
