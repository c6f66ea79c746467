provider "aws" {
  alias  = "scaling"
  region = var.region
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = ""
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["application-autoscaling.amazonaws.com"]
    }

    effect = "Allow"
  }
}

resource "aws_iam_role" "scaler" {
  count              = var.enabled == "true" ? 1 : 0
  name               = "${var.name}-scaler"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "scaler" {
  count  = var.enabled == "true" ? 1 : 0
  name   = "${var.name}-scaler"
  role   = join("", aws_iam_role.scaler.*.id)
  policy = data.aws_iam_policy_document.trust.json
}

resource "aws_appautoscaling_target" "reads" {
  provider           = aws.scaling
  count              = var.enabled == "true" ? 1 : 0
  max_capacity       = var.max_read_units
  min_capacity       = var.min_read_units
  resource_id        = "table/${var.table_name}"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_target" "index_reads" {
  provider           = aws.scaling
  count              = var.enabled == "true" ? length(var.index_names) : 0
  max_capacity       = var.max_read_units
  min_capacity       = var.min_read_units
  resource_id        = "table/${var.table_name}/index/${element(var.index_names, count.index)}"
  scalable_dimension = "dynamodb:index:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_policy" "reads" {
  provider    = aws.scaling
  count       = var.enabled == "true" ? 1 : 0
  name        = "DynamoDBReadCapacityUtilization:${join("", aws_appautoscaling_target.reads.*.resource_id)}"
  policy_type = "TargetTrackingScaling"
  resource_id = join("", aws_appautoscaling_target.reads.*.resource_id)
  scalable_dimension = join(
    "",
    aws_appautoscaling_target.reads.*.scalable_dimension,
  )
  service_namespace = join(
    "",
    aws_appautoscaling_target.reads.*.service_namespace,
  )

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "DynamoDBReadCapacityUtilization"
    }

    target_value = var.read_target
  }
}

resource "aws_appautoscaling_policy" "index_reads" {
  provider = aws.scaling
  count    = var.enabled == "true" ? length(var.index_names) : 0
  name = "DynamoDBReadCapacityUtilization:${element(
    aws_appautoscaling_target.index_reads.*.resource_id,
    count.index,
  )}"
  policy_type = "TargetTrackingScaling"
  resource_id = element(
    aws_appautoscaling_target.index_reads.*.resource_id,
    count.index,
  )
  scalable_dimension = element(
    aws_appautoscaling_target.index_reads.*.scalable_dimension,
    count.index,
  )
  service_namespace = element(
    aws_appautoscaling_target.index_reads.*.service_namespace,
    count.index,
  )

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "DynamoDBReadCapacityUtilization"
    }

    target_value = var.read_target
  }
}

resource "aws_appautoscaling_target" "writes" {
  provider           = aws.scaling
  count              = var.enabled == "true" ? 1 : 0
  max_capacity       = var.max_write_units
  min_capacity       = var.min_write_units
  resource_id        = "table/${var.table_name}"
  scalable_dimension = "dynamodb:table:WriteCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_policy" "writes" {
  provider    = aws.scaling
  count       = var.enabled == "true" ? 1 : 0
  name        = "DynamoDBWriteCapacityUtilization:${join("", aws_appautoscaling_target.writes.*.resource_id)}"
  policy_type = "TargetTrackingScaling"
  resource_id = join("", aws_appautoscaling_target.writes.*.resource_id)
  scalable_dimension = join(
    "",
    aws_appautoscaling_target.writes.*.scalable_dimension,
  )
  service_namespace = join(
    "",
    aws_appautoscaling_target.writes.*.service_namespace,
  )

  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "DynamoDBWriteCapacityUtilization"
    }

    target_value = var.write_target
  }
}
