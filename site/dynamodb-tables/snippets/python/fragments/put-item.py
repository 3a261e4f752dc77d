# Replace with the name of your table.
table_name = "Music"

client.put_item(
    TableName=table_name,
    Item={
        "Artist": {"S": "No One You Know"},
        "SongTitle": {"S": "Call Me Today"},
        "AlbumTitle": {"S": "Somewhat Famous"},
        "Year": {"N": "2015"},
    },
)
