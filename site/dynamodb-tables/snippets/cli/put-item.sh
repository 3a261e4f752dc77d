#!/usr/bin/env bash
# Write an item
set -euo pipefail

export AWS_DEFAULT_REGION=us-west-2

# Replace Music with the name of your table.

aws dynamodb put-item \
    --table-name Music \
    --item '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "AlbumTitle": {"S": "Somewhat Famous"}, "Year": {"N": "2015"}}'
