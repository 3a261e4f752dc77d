# Write an item, then read it by its key
import boto3

client = boto3.client("dynamodb", region_name="us-west-2")

# Replace with the name of your table.
table_name = "Music"

# Write the item.
client.put_item(
    TableName=table_name,
    Item={
        "Artist": {"S": "Acme Band"},
        "SongTitle": {"S": "Happy Day"},
        "AlbumTitle": {"S": "Songs About Life"},
    },
)

# Read it back by its full key.
response = client.get_item(
    TableName=table_name,
    Key={"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}},
)
print(response["Item"])
