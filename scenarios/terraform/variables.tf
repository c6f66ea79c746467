variable "name" {
  type = string
}

variable "variant_name" {
  type    = string
  default = "AllTraffic"
}

variable "endpoint_config_name" {
  type = string
}

variable "max_rps_per_instance" {
  description = "Requests per second one instance sustains, from a load test"
  type        = number
}

variable "safety_factor" {
  type    = number
  default = 0.5
}

variable "autoscaling" {
  type = object({
    min_capacity       = optional(number, 1)
    max_capacity       = number
    scale_in_cooldown  = optional(number, 300)
    scale_out_cooldown = optional(number, 300)
  })
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
