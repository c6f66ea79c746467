locals {
  make_cluster   = var.make_cluster
  full_name      = format("%s-%s", var.prefix, var.cluster_name)
  port           = coalesce(var.port, (var.engine == "aurora-postgresql" ? 5432 : 3306))
  subnet_group   = try(coalesce(var.subnet_group, format("%s-subnets", local.full_name)), "")
  monitoring_arn = var.monitoring_role ? join("", aws_iam_role.monitoring.*.arn) : var.monitoring_role_arn
  serverless     = var.engine_mode == "serverless"
}
