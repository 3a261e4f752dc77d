#!/usr/bin/env bash
# Create a client
# The AWS CLI reads credentials from your profile; choose the Region here.
export AWS_DEFAULT_REGION=us-west-2
aws configure list
