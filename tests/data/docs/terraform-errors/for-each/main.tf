resource "aws_appautoscaling_target" "variant" {
  for_each           = var.endpoints
  min_capacity       = 1
  max_capacity       = 4
  resource_id        = "endpoint/${each.key}/variant/AllTraffic"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  service_namespace  = "sagemaker"
}

variable "endpoints" {
  type = set(string)
}
